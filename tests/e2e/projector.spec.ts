// The projector view on the wall: task boxes as large as the text beside them, and never a banner
// (offline ready, new version) over the meeting's page.
import { createPage, editorOf, expect, giveName, pageIdOf, test, waitOnline } from './fixtures.js'

test('task boxes scale with the text on the wall; no banner ever shows there', async ({ writer, browser, carnet }) => {
  const facilitator = await writer('Animatrice')
  const url = await createPage(facilitator.page, 'Forum des usages', 'Réunion')
  await giveName(facilitator.page, 'Soizic')
  await waitOnline(facilitator.page)
  const tasks = editorOf(facilitator.page).locator('ul[data-type="taskList"]')
  await tasks.locator('li p').first().click()
  await facilitator.page.keyboard.type('Réserver la salle — Gwen, lundi')
  await facilitator.page.keyboard.press('Enter')
  await facilitator.page.keyboard.type('Envoyer le compte rendu — Soizic')
  await tasks.locator('li input[type="checkbox"]').first().check()

  // The wall's computer: a fresh browser, where Carnet is made ready for offline use on first visit.
  const wall = await browser.newContext({ baseURL: carnet.httpUrl, locale: 'fr-FR', viewport: { width: 1920, height: 1080 } })
  try {
    const projector = await wall.newPage()
    await projector.goto(`/p/${pageIdOf(url)}/projector`)
    const task = projector.locator('ul[data-type="taskList"] li').first()
    await expect(task).toContainText('Réserver la salle')
    const sizes = await task.evaluate((item) => {
      const box = item.querySelector('input[type="checkbox"]')!.getBoundingClientRect()
      const text = parseFloat(getComputedStyle(item.querySelector('p')!).fontSize)
      return { box: box.height, text }
    })
    expect(sizes.text).toBeGreaterThan(28)
    expect(sizes.box).toBeGreaterThanOrEqual(sizes.text * 0.75)
    await expect(task.locator('input[type="checkbox"]')).toBeChecked()

    // The service worker installs (what shows "Carnet est prêt à fonctionner sans connexion" elsewhere).
    await projector.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated')
    await projector.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
    await expect(projector.locator('.banner')).toHaveCount(0)
    await expect(projector.getByRole('button', { name: 'Compris' })).toHaveCount(0)
    await projector.screenshot({ path: test.info().outputPath('projector-tasks-1920x1080.png') })

    // Elsewhere, a fresh browser does tell its user once the service worker is in place.
    const desk = await browser.newContext({ baseURL: carnet.httpUrl, locale: 'fr-FR' })
    const home = await desk.newPage()
    await home.goto('/')
    await home.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated')
    await expect(home.getByRole('button', { name: 'Compris' })).toBeVisible()
    await desk.close()
  } finally {
    await wall.close()
  }
})
