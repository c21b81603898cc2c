// "Importer une page": a Markdown file or a .carnet backup from another Carnet becomes a new page,
// which reaches the archive like any other.
import { createPage, editorOf, expect, giveName, pageIdOf, test, waitOnline } from './fixtures.js'

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
