// The facilitator's tools: pages from templates, the projector view that follows the writing and
// shows a QR code of the edit link, read-only links, closing the page, all by keyboard too.
import { decodeQr } from './qr-code.js'
import { createPage, editorOf, expect, giveName, pageIdOf, test, waitOnline } from './fixtures.js'

test.describe('templates', () => {
  for (const [template, sections] of [
    ['Réunion', ['Participants', 'Ordre du jour', 'Notes', 'Décisions', 'Actions']],
    ['Atelier', ['Objectif de l’atelier', 'Déroulé', 'Ce que nous avons appris', 'Et après ?']],
    ['Fiche d’innovation sociale', ['Genèse', 'Acteurs', 'Ce qui a marché', 'Ce qui n’a pas marché', 'Comment refaire', 'Licence']],
  ] as const) {
    test(`creates a page from the "${template}" template`, async ({ writer }) => {
      const w = await writer('Animatrice')
      await createPage(w.page, '', template)
      await giveName(w.page, 'Soizic')
      for (const section of sections) {
        await expect(editorOf(w.page).getByRole('heading', { name: section, exact: true })).toBeVisible()
      }
      if (template !== 'Fiche d’innovation sociale') {
        await expect(w.page.getByLabel('Titre de la page')).toHaveValue(new RegExp(`^${template} du \\d{1,2} \\S+ \\d{4}$`))
        await expect(w.page.getByLabel('Date', { exact: true })).not.toHaveValue('')
      }
      if (template === 'Réunion') await expect(editorOf(w.page).locator('ul[data-type="taskList"]')).toHaveCount(1)
    })
  }

  test('creates a blank page', async ({ writer }) => {
    const w = await writer('Animatrice')
    await createPage(w.page, 'Notes libres', 'Page blanche')
    await giveName(w.page, 'Soizic')
    await expect(editorOf(w.page).getByRole('heading')).toHaveCount(0)
    await expect(w.page).toHaveTitle('Notes libres — Carnet')
  })
})

test('the projector shows the writing as it happens, scrolled into view, with a QR code of the edit link', async ({ writer }) => {
  const facilitator = await writer('Animatrice')
  const url = await createPage(facilitator.page, 'Forum des usages coopératifs', 'Réunion')
  await giveName(facilitator.page, 'Soizic')
  await waitOnline(facilitator.page)

  const projector = await facilitator.context.newPage()
  await projector.setViewportSize({ width: 1280, height: 720 })
  await projector.goto(`/p/${pageIdOf(url)}/projector`)
  await expect(projector.locator('.projector__title')).toHaveText('Forum des usages coopératifs')
  // It opens at the title: the page arriving is not somebody writing.
  await expect(projector.locator('.projector__title')).toBeInViewport()
  // The projector is read-only and shows no carets.
  await expect(projector.locator('.page-content')).toHaveAttribute('contenteditable', 'false')

  // Writing far down the page, in the actions: the projector follows.
  const lastTask = editorOf(facilitator.page).locator('ul[data-type="taskList"] li').last()
  await lastTask.click()
  await facilitator.page.keyboard.press('End')
  for (let i = 0; i < 8; i++) {
    await facilitator.page.keyboard.press('Enter')
    await facilitator.page.keyboard.type(`Action ${i + 1} décidée au forum`)
  }
  const latest = projector.locator('.page-content').getByText('Action 8 décidée au forum', { exact: true })
  await expect(latest).toBeVisible()
  await expect(latest).toBeInViewport()
  await expect(projector.locator('.collab-caret')).toHaveCount(0)
  await expect(projector.locator('.presence-names')).toContainText('Soizic')

  // Following the latest change instead: a line written back near the top is brought on screen.
  await projector.getByLabel('Suivre').selectOption({ label: 'Les dernières modifications' })
  const firstParticipant = editorOf(facilitator.page).locator('ul').first().locator('li').first()
  await firstParticipant.click()
  await facilitator.page.keyboard.type('Présente : Soizic, animatrice')
  const present = projector.locator('.page-content').getByText('Présente : Soizic, animatrice')
  await expect(present).toBeInViewport()
  await expect(latest).not.toBeInViewport()

  // The QR code, decoded as a phone would, is the edit link.
  const decoded = await decodeQr(projector, '.projector__join svg.qr-code')
  expect(decoded).toBe(url)
  // For the room's laptops, the address to type (the page's own link is the QR code's).
  await expect(projector.locator('.projector__address')).toHaveAttribute('data-join-url', url)
  await expect(projector.locator('.projector__address')).toHaveText(new URL(url).host)
  await projector.screenshot({ path: test.info().outputPath('projector-1280x720.png') })
})

test('a read-only link gives a read-only editor with a clear notice; closing freezes the page', async ({ writer }) => {
  const facilitator = await writer('Animatrice')
  const url = await createPage(facilitator.page, 'Conseil de quartier')
  await giveName(facilitator.page, 'Soizic')
  await waitOnline(facilitator.page)
  await editorOf(facilitator.page).click()
  await facilitator.page.keyboard.type('Ouverture de la séance.')

  // The share dialog offers both links; its QR code is the edit link.
  await facilitator.page.getByRole('button', { name: 'Partager' }).click()
  const dialog = facilitator.page.getByRole('dialog', { name: 'Partager la page' })
  await expect(dialog.getByRole('textbox', { name: 'Lien pour écrire' })).toHaveValue(url)
  const readUrl = await dialog.getByRole('textbox', { name: 'Lien pour lire' }).inputValue()
  expect(readUrl).toBe(url.replace(/#.*/, ''))
  expect(await decodeQr(facilitator.page, '.share-dialog svg.qr-code')).toBe(url)
  await dialog.getByRole('button', { name: 'Fermer' }).click()

  const reader = await writer('Lecteur')
  await reader.page.goto(readUrl)
  await expect(editorOf(reader.page)).toContainText('Ouverture de la séance.')
  await expect(reader.page.locator('[data-access="read-only"]')).toContainText('Lecture seule.')
  await expect(editorOf(reader.page)).toHaveAttribute('contenteditable', 'false')
  await expect(reader.page.getByRole('toolbar', { name: 'Mise en forme' })).toHaveCount(0)

  // A second writer with the edit link, then the facilitator closes the page.
  const writer2 = await writer('Participant')
  await writer2.page.goto(url)
  await giveName(writer2.page, 'Gwen')
  await expect(editorOf(writer2.page)).toHaveAttribute('contenteditable', 'true')
  await facilitator.page.getByRole('button', { name: 'Partager' }).click()
  await dialog.getByRole('button', { name: 'Clore la page' }).click()
  await dialog.getByRole('button', { name: 'Oui, clore la page' }).click()
  await dialog.getByRole('button', { name: 'Fermer' }).click()
  for (const p of [writer2.page, reader.page, facilitator.page]) {
    await expect(p.locator('[data-access="closed"]')).toContainText('Page close.')
    await expect(editorOf(p)).toHaveAttribute('contenteditable', 'false')
  }
  // The facilitator (edit key) reopens it from the notice.
  await facilitator.page.locator('[data-access="closed"]').getByRole('button', { name: 'Rouvrir la page' }).click()
  await expect(editorOf(writer2.page)).toHaveAttribute('contenteditable', 'true')
  await editorOf(writer2.page).click()
  await writer2.page.keyboard.press('Control+End')
  await writer2.page.keyboard.type(' Reprise.')
  await expect(editorOf(facilitator.page)).toContainText('Reprise.')
})

test('the keyboard alone creates a page, writes and shares it', async ({ writer }) => {
  const w = await writer('Clavier')
  await w.context.grantPermissions(['clipboard-read', 'clipboard-write'])
  const page = w.page
  await page.goto('/')
  // The join-code field has the focus on arrival (a room's laptop types the code at once).
  await expect(page.getByLabel('Code de la réunion')).toBeFocused()
  // Into the new page's form: template radios (arrow keys), title, submit with Enter.
  const reunion = page.getByRole('radio', { name: /^Réunion/ })
  await reunion.focus()
  await page.keyboard.press('ArrowRight')
  await expect(page.getByRole('radio', { name: /^Atelier/ })).toBeChecked()
  await page.keyboard.press('Tab')
  await expect(page.getByLabel('Titre de la page (facultatif)')).toBeFocused()
  await page.keyboard.type('Atelier clavier')
  await page.keyboard.press('Enter')
  await page.waitForURL(/\/p\/atelier-[a-z0-9]+#k=/)

  // The name dialog has the focus; Enter validates.
  await expect(page.getByLabel('Votre prénom ou surnom')).toBeFocused()
  await page.keyboard.type('Léa')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog')).toBeHidden()

  // Writing starts in the page at once, in its first empty line.
  await expect(editorOf(page)).toBeFocused()
  await page.keyboard.type('Objectif écrit sans souris.')
  await expect(editorOf(page)).toContainText('Objectif écrit sans souris.')

  // Title field, then Enter jumps into the page.
  await page.getByLabel('Titre de la page').focus()
  await page.keyboard.press('Enter')
  await expect(editorOf(page)).toBeFocused()
  await page.keyboard.type('Écrit au clavier seulement. ')
  await expect(editorOf(page)).toContainText('Écrit au clavier seulement.')

  // Shift+Tab back to the header until "Partager", then Enter, then copy the edit link.
  const share = page.getByRole('button', { name: 'Partager' })
  for (let i = 0; i < 40 && !(await share.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Shift+Tab')
  await expect(share).toBeFocused()
  await page.keyboard.press('Enter')
  const dialog = page.getByRole('dialog', { name: 'Partager la page' })
  await expect(dialog).toBeVisible()
  const copy = dialog.getByRole('button', { name: 'Copier le lien' }).first()
  for (let i = 0; i < 10 && !(await copy.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab')
  await expect(copy).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(dialog.getByText('Lien copié !')).toBeVisible()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url())
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
})
