// Offline first: the app opens with no network, every word typed offline is kept across reloads
// and reaches the others and the archive when the network returns.
import { createPage, editorOf, expect, giveName, offlineReady, pageIdOf, pageText, test, waitOnline } from './fixtures.js'
import { stockClient } from '../support/stock-client.js'
import { startRelay } from '../support/relay-process.js'

const status = (page: import('@playwright/test').Page) => page.locator('.connection-status')

test('writes offline, reloads offline, and meets the others’ edits when back online', async ({ writer, carnet, request }) => {
  const anne = await writer('Anne')
  const url = await createPage(anne.page, 'Atelier hors ligne')
  await giveName(anne.page, 'Anne')
  await waitOnline(anne.page)
  await offlineReady(anne.page)
  await editorOf(anne.page).click()
  await anne.page.keyboard.type('Avant la coupure.')

  const bruno = await writer('Bruno')
  await bruno.page.goto(url)
  await giveName(bruno.page, 'Bruno')
  await expect(editorOf(bruno.page)).toContainText('Avant la coupure.')

  // The Wi-Fi drops.
  await anne.context.setOffline(true)
  await expect(status(anne.page)).toHaveAttribute('data-status', 'offline')
  await expect(status(anne.page)).toContainText('Hors ligne — vos modifications sont gardées sur cet ordinateur')
  await editorOf(anne.page).press('End')
  await anne.page.keyboard.press('Enter')
  await anne.page.keyboard.type('Écrit sans réseau par Anne.')
  await expect(anne.page.locator('.connection-status__pending')).toBeVisible()

  // The tab is reloaded with no network: the app and the text come back.
  await anne.page.reload()
  await expect(editorOf(anne.page)).toContainText('Écrit sans réseau par Anne.')
  await expect(editorOf(anne.page)).toContainText('Avant la coupure.')
  await expect(status(anne.page)).toHaveAttribute('data-status', 'offline')

  // Meanwhile Bruno writes, online.
  await editorOf(bruno.page).click()
  await editorOf(bruno.page).press('Control+End')
  await bruno.page.keyboard.press('Enter')
  await bruno.page.keyboard.type('Pendant ce temps, Bruno écrit.')
  await expect(editorOf(bruno.page)).not.toContainText('Écrit sans réseau par Anne.')

  // Back online: both edits meet, in both places and in the archive.
  await anne.context.setOffline(false)
  await waitOnline(anne.page)
  await expect(editorOf(anne.page)).toContainText('Pendant ce temps, Bruno écrit.')
  await expect(editorOf(bruno.page)).toContainText('Écrit sans réseau par Anne.')
  await expect.poll(async () => pageText(anne.page)).toBe(await pageText(bruno.page))
  const exported = await request.get(`${carnet.httpUrl}/api/pages/${pageIdOf(url)}/export?format=md`)
  const markdown = await exported.text()
  expect(markdown).toContain('Écrit sans réseau par Anne.')
  expect(markdown).toContain('Pendant ce temps, Bruno écrit.')
})

test('a page created offline reaches the archive when the network returns', async ({ writer, carnet, request }) => {
  const chloe = await writer('Chloé')
  await chloe.page.goto('/')
  await offlineReady(chloe.page)
  await chloe.context.setOffline(true)
  await chloe.page.reload()
  const url = await createPage(chloe.page, 'Créée sans réseau')
  await giveName(chloe.page, 'Chloé')
  await expect(status(chloe.page)).toHaveAttribute('data-status', 'offline')
  await editorOf(chloe.page).click()
  await chloe.page.keyboard.type('Compte rendu écrit dans le train.')
  const pageId = pageIdOf(url)
  expect((await request.get(`${carnet.httpUrl}/api/pages/${pageId}`)).status()).toBe(404)

  await chloe.context.setOffline(false)
  await waitOnline(chloe.page)
  await expect.poll(async () => (await request.get(`${carnet.httpUrl}/api/pages/${pageId}`)).status()).toBe(200)
  const page = await (await request.get(`${carnet.httpUrl}/api/pages/${pageId}`)).json()
  expect(page.title).toBe('Créée sans réseau')
  const markdown = await (await request.get(`${carnet.httpUrl}/api/pages/${pageId}/export?format=md`)).text()
  expect(markdown).toContain('Compte rendu écrit dans le train.')
})

test('three writers, one offline for a long stretch on the same paragraph, converge', async ({ writer, carnet }) => {
  // Three browsers and some 330 keystrokes typed one by one: 35 to 45 s on a quiet machine, which a
  // busy one pushed past the default minute (CI, once). The time is the typing, not the waiting.
  test.slow()
  const [a, b, c] = [await writer('A'), await writer('B'), await writer('C')]
  const url = await createPage(a.page, 'Convergence')
  await giveName(a.page, 'Awa')
  for (const [w, name] of [[b, 'Bernard'], [c, 'Céline']] as const) {
    await w.page.goto(url)
    await giveName(w.page, name)
  }
  await editorOf(a.page).click()
  await a.page.keyboard.type('Le même paragraphe : ')
  // The others' carets (with their names) sit in the text: read it without them.
  for (const w of [b, c]) await expect.poll(() => pageText(w.page)).toContain('Le même paragraphe : ')

  await c.context.setOffline(true)
  await expect(status(c.page)).toHaveAttribute('data-status', 'offline')
  // Everyone writes into the same paragraph: A then B online, C all along without the network.
  const cLong = 'C écrit longtemps hors ligne, phrase après phrase, sans jamais rien perdre. '.repeat(4)
  await editorOf(c.page).press('Control+End')
  const cTyping = c.page.keyboard.type(cLong, { delay: 5 })
  await editorOf(a.page).press('Control+End')
  await a.page.keyboard.type('[A en ligne] ')
  await expect.poll(() => pageText(b.page)).toContain('[A en ligne]')
  await editorOf(b.page).click()
  await editorOf(b.page).press('Control+End')
  await b.page.keyboard.type('[B en ligne] ')
  await expect.poll(() => pageText(a.page)).toContain('[B en ligne]')
  await cTyping
  await c.page.keyboard.press('Control+Home')
  await c.page.keyboard.type('<début par C> ')
  expect(await pageText(c.page)).not.toContain('[A en ligne]')

  await c.context.setOffline(false)
  await waitOnline(c.page)
  await expect
    .poll(async () => {
      const texts = await Promise.all([a, b, c].map((w) => pageText(w.page)))
      return new Set(texts).size === 1 ? texts[0] : `diverged: ${JSON.stringify(texts)}`
    })
    .toContain('[A en ligne]')
  const final = await pageText(a.page)
  for (const piece of ['[B en ligne]', cLong.trim(), '<début par C>', 'Le même paragraphe']) expect(final).toContain(piece)

  // A stock client reading the archive sees the same text.
  const reader = stockClient(carnet.syncUrl, new URL(url).pathname.split('/')[2]!)
  await reader.synced()
  expect(reader.text()).toBe(final)
  reader.destroy()
})

test('keeps the last keystrokes when the tab is reloaded or closed right after typing, offline', async ({ writer }) => {
  const dora = await writer('Dora')
  const url = await createPage(dora.page, 'Dernières frappes')
  await giveName(dora.page, 'Dora')
  await waitOnline(dora.page)
  await offlineReady(dora.page)
  await dora.context.setOffline(true)
  let expected = ''
  let page = dora.page
  for (const [i, leave] of (['reload', 'close', 'reload', 'close'] as const).entries()) {
    await editorOf(page).click()
    await editorOf(page).press('Control+End')
    const words = ` mot${i}-${'é'.repeat(3)}`
    await page.keyboard.type(words)
    expected += words
    // No waiting at all: the tab goes away while IndexedDB may still be committing.
    if (leave === 'reload') {
      await page.reload()
    } else {
      await page.close()
      page = await dora.context.newPage()
      await page.goto(url)
    }
    await expect(editorOf(page)).toContainText(expected.trim())
  }
})

test('changes written offline reach the archive when the network returns, even with their page closed', async ({ writer, carnet, request }) => {
  const eve = await writer('Ève')
  const url = await createPage(eve.page, 'Écrite puis fermée')
  await giveName(eve.page, 'Ève')
  await waitOnline(eve.page)
  const pageId = pageIdOf(url)
  await eve.context.setOffline(true)
  await expect(status(eve.page)).toHaveAttribute('data-status', 'offline')
  await editorOf(eve.page).click()
  await eve.page.keyboard.type('Écrit hors ligne, page fermée ensuite.')
  await eve.page.getByRole('link', { name: 'Accueil de Carnet' }).click()
  await expect(eve.page.locator('[data-unsent]')).toBeVisible()

  await eve.context.setOffline(false)
  await expect(eve.page.locator('[data-unsent]')).toHaveCount(0)
  const markdown = await (await request.get(`${carnet.httpUrl}/api/pages/${pageId}/export?format=md`)).text()
  expect(markdown).toContain('Écrit hors ligne, page fermée ensuite.')
})

test('the status says offline when the relay cannot be reached, whatever the browser believes', async ({ browser }) => {
  // The room's Wi-Fi is up (navigator.onLine stays true) but the relay is out of reach: only the
  // socket knows. After a reload the page must say where the writing goes, not "Connexion…" for ever.
  let relay = await startRelay()
  const port = relay.port
  const context = await browser.newContext({ baseURL: relay.httpUrl, locale: 'fr-FR' })
  try {
    const page = await context.newPage()
    const url = await createPage(page, 'Serveur injoignable')
    await giveName(page, 'Anne')
    await waitOnline(page)
    await offlineReady(page)
    await editorOf(page).click()
    await page.keyboard.type('Avant la panne.')
    await expect(page.locator('.connection-status__pending')).toHaveCount(0)
    await relay.stop()
    await expect(status(page)).toHaveAttribute('data-status', 'offline')

    await page.reload()
    expect(await page.evaluate(() => navigator.onLine)).toBe(true)
    await expect(editorOf(page)).toContainText('Avant la panne.')
    await expect(status(page)).toHaveAttribute('data-status', 'offline')
    await expect(status(page)).toContainText('Hors ligne — vos modifications sont gardées sur cet ordinateur')
    await editorOf(page).press('Control+End')
    await page.keyboard.type(' Pendant la panne.')
    await expect(page.locator('.connection-status__pending')).toBeVisible()

    // The relay comes back: the socket finds it without a reload and without any browser event.
    relay = await startRelay({ dataDir: relay.dataDir, port })
    await waitOnline(page)
    const markdown = await (await fetch(`${relay.httpUrl}/api/pages/${pageIdOf(url)}/export?format=md`)).text()
    expect(markdown).toContain('Avant la panne. Pendant la panne.')
  } finally {
    await context.close()
    await relay.crash()
  }
})
