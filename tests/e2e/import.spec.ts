// "Importer une page": a Markdown file or a .carnet backup from another Carnet becomes a new page,
// which reaches the archive like any other.
import { createPage, editorOf, expect, giveName, offlineReady, pageIdOf, test, waitOnline } from './fixtures.js'

test('imports a Markdown file as a new page', async ({ writer, carnet, request }) => {
  const w = await writer('Import')
  await w.page.goto('/')
  const markdown = [
    '# Compte rendu du conseil',
    '',
    '## Décisions',
    '',
    '- Ouvrir le **PAPI** le samedi',
    '',
    '## Actions',
    '',
    '- [ ] Prévenir la médiathèque',
    '- [x] Réserver la salle',
    '',
    '| Qui | Quoi |',
    '| --- | --- |',
    '| Anne | Affiche |',
  ].join('\n')
  await w.page.getByLabel('Importer une page…').setInputFiles({ name: 'conseil.md', mimeType: 'text/markdown', buffer: Buffer.from(markdown) })
  await w.page.waitForURL(/\/p\/compte-rendu-du-conseil-[a-z0-9]+#k=/)
  await giveName(w.page, 'Yann')
  await expect(w.page.getByLabel('Titre de la page')).toHaveValue('Compte rendu du conseil')
  await expect(editorOf(w.page).getByRole('heading', { name: 'Décisions' })).toBeVisible()
  await expect(editorOf(w.page).locator('strong')).toHaveText('PAPI')
  await expect(editorOf(w.page).locator('ul[data-type="taskList"] li')).toHaveCount(2)
  await expect(editorOf(w.page).locator('table td').first()).toHaveText('Anne')
  await waitOnline(w.page)
  const pageId = pageIdOf(w.page.url())
  await expect.poll(async () => (await request.get(`${carnet.httpUrl}/api/pages/${pageId}`)).status()).toBe(200)
  const md = await (await request.get(`${carnet.httpUrl}/api/pages/${pageId}/export?format=md`)).text()
  expect(md).toContain('- Ouvrir le **PAPI** le samedi')
  expect(md).toContain('- [x] Réserver la salle')
})

test('imports a .carnet backup as a new page with the same content', async ({ writer, carnet, request }) => {
  const w = await writer('Sauvegarde')
  const url = await createPage(w.page, 'Page à déménager', 'Réunion')
  await giveName(w.page, 'Gwen')
  await waitOnline(w.page)
  await editorOf(w.page).locator('li p').first().click()
  await w.page.keyboard.type('Gwen, Soizic')
  await expect.poll(async () => (await (await request.get(`${carnet.httpUrl}/api/pages/${pageIdOf(url)}/export?format=txt`)).text())).toContain('Gwen, Soizic')
  const backup = await (await request.get(`${carnet.httpUrl}/api/pages/${pageIdOf(url)}/export?format=yjs`)).body()

  await w.page.goto('/')
  await w.page.getByLabel('Importer une page…').setInputFiles({ name: 'page.carnet', mimeType: 'application/octet-stream', buffer: backup })
  await w.page.waitForURL((u) => /\/p\/page-a-demenager-[a-z0-9]+$/.test(u.pathname) && u.pathname !== new URL(url).pathname)
  await expect(w.page.getByLabel('Titre de la page')).toHaveValue('Page à déménager')
  await expect(editorOf(w.page)).toContainText('Gwen, Soizic')
  await waitOnline(w.page)
  const copyId = pageIdOf(w.page.url())
  const original = await (await request.get(`${carnet.httpUrl}/api/pages/${pageIdOf(url)}/export?format=md`)).text()
  await expect
    .poll(async () => (await (await request.get(`${carnet.httpUrl}/api/pages/${copyId}/export?format=md`)).text()).replace(copyId, pageIdOf(url)))
    .toBe(original)
})

test('says plainly when a file cannot be imported', async ({ writer }) => {
  const w = await writer('Erreur')
  await w.page.goto('/')
  await w.page.getByLabel('Importer une page…').setInputFiles({ name: 'cassé.carnet', mimeType: 'application/octet-stream', buffer: Buffer.from('pas une sauvegarde') })
  await expect(w.page.getByRole('alert')).toContainText('Ce fichier ne peut pas être lu')
  await expect(w.page).toHaveURL(/\/$/)
})

test('imports a page of the city wiki, its categories as tags, in the browser', async ({ writer }) => {
  const w = await writer('Wiki')
  await w.page.goto('/')
  const wikitext = ["Compte rendu du '''conseil'''.", '', '== Décisions ==', '* Ouvrir le local', '** le samedi', '# Voter', '{| class="wikitable"', '! Qui !! Quoi', '|-', '| Anne || Affiche', '|}', '{{Modèle inconnu|x=1}}', '[[Catégorie:Quartier]]'].join('\n')
  await w.page.getByLabel('Importer une page…').setInputFiles({ name: 'Conseil_de_quartier.wiki', mimeType: 'text/x-wiki', buffer: Buffer.from(wikitext) })
  await w.page.waitForURL(/\/p\/conseil-de-quartier-[a-z0-9]+#k=/)
  await giveName(w.page, 'Gwen')
  await expect(w.page.getByLabel('Titre de la page')).toHaveValue('Conseil de quartier')
  await expect(editorOf(w.page).getByRole('heading', { name: 'Décisions' })).toBeVisible()
  await expect(editorOf(w.page).locator('ul ul li')).toHaveText('le samedi')
  await expect(editorOf(w.page).locator('table th').first()).toHaveText('Qui')
  await expect(editorOf(w.page)).toContainText('{{Modèle inconnu|x=1}}')
  await expect(w.page.getByRole('list', { name: 'Étiquettes de la page' })).toContainText('Quartier')
})

test('imports a file dropped on the home page', async ({ writer }) => {
  const w = await writer('Dépôt')
  await w.page.goto('/')
  const html = '<title>Atelier vélo</title><h1>Atelier vélo</h1><p>Réparer <em>ensemble</em>.</p><ul><li>freins</li></ul>'
  const transfer = await w.page.evaluateHandle((source) => {
    const data = new DataTransfer()
    data.items.add(new File([source], 'atelier.html', { type: 'text/html' }))
    return data
  }, html)
  await w.page.dispatchEvent('main', 'dragover', { dataTransfer: transfer })
  await expect(w.page.getByText('Déposez le fichier pour en faire une nouvelle page')).toBeVisible()
  await w.page.dispatchEvent('main', 'drop', { dataTransfer: transfer })
  await w.page.waitForURL(/\/p\/atelier-velo-[a-z0-9]+#k=/)
  await giveName(w.page, 'Soizic')
  await expect(w.page.getByLabel('Titre de la page')).toHaveValue('Atelier vélo')
  await expect(editorOf(w.page).locator('em')).toHaveText('ensemble')
})

test('imports a Word document through the server, and says plainly when it is offline', async ({ writer, carnet, request }) => {
  const { toDocx } = await import('@carnet/export/to-docx')
  const docx = await toDocx({
    id: 'x',
    meta: { title: 'Assemblée générale', template: '', date: '2025-03-01', place: '', tags: ['Association'], licence: 'CC-BY-SA-4.0', closed: false, createdAt: 0 },
    body: { type: 'doc', content: [{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Rapport moral' }] }, { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'adopté', marks: [{ type: 'bold' }] }] }] }] }] },
  })
  const file = { name: 'ag.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from(docx) }
  const w = await writer('Word')
  await w.page.goto('/')
  await offlineReady(w.page)
  await w.context.setOffline(true)
  await w.page.getByLabel('Importer une page…').setInputFiles(file)
  await expect(w.page.getByRole('alert')).toContainText('est lu par le serveur Carnet, qui n’est pas joignable')
  await w.context.setOffline(false)
  await w.page.getByLabel('Importer une page…').setInputFiles(file)
  await w.page.waitForURL(/\/p\/assemblee-generale-[a-z0-9]+#k=/)
  await giveName(w.page, 'Nolwenn')
  await expect(w.page.getByLabel('Titre de la page')).toHaveValue('Assemblée générale')
  await expect(editorOf(w.page).getByRole('heading', { name: 'Rapport moral' })).toBeVisible()
  await expect(editorOf(w.page).locator('li strong')).toHaveText('adopté')
  // The page is the server's, claimed with the key the app was given: this browser writes to it.
  await waitOnline(w.page)
  await editorOf(w.page).locator('li p').first().click()
  await w.page.keyboard.press('End')
  await w.page.keyboard.type(' à l’unanimité')
  const pageId = pageIdOf(w.page.url())
  await expect.poll(async () => (await request.get(`${carnet.httpUrl}/api/pages/${pageId}/export?format=md`)).text()).toContain('à l’unanimité')
})

test('refuses a file it cannot read with a sentence that says why', async ({ writer }) => {
  const w = await writer('Refus')
  await w.page.goto('/')
  await w.page.getByLabel('Importer une page…').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from([0xff, 0xd8, 0xff]) })
  await expect(w.page.getByRole('alert')).toContainText('Carnet ne sait pas lire ce type de fichier')
  await w.page.getByLabel('Importer une page…').setInputFiles({ name: 'vide.md', mimeType: 'text/markdown', buffer: Buffer.from('   \n') })
  await expect(w.page.getByRole('alert')).toContainText('Ce fichier est vide')
})
