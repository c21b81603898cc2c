// The organisers' archive in the browser: from the home page to /archive, a search that ignores
// accents, a topic and a date range, the empty state, and the way to each page and its history.
import { newPageId, type PageListResponse } from '@carnet/core'
import { expect, test } from './fixtures.js'
import { stockClient, type StockClient } from '../support/stock-client.js'
import { writeMeetingPage, type MeetingPage } from '../support/meeting-page.js'
import { until } from '../support/until.js'

const clients: StockClient[] = []

test.afterEach(() => {
  for (const c of clients.splice(0)) c.destroy()
})

test('finds pages by words without accents, by topic and by date, and leads to them', async ({ writer, carnet }) => {
  // A word of its own keeps this test's pages apart from the other tests' in the same archive.
  const word = `pivoine${Date.now().toString(36)}`
  const pages: Record<string, MeetingPage> = {
    conseil: { title: `Conseil ${word}`, date: '2026-03-12', place: 'Maison pour tous', tags: ['Vie du quartier'], writer: 'Anne', paragraphs: ['Les décisions du conseil.'] },
    atelier: { title: `Atelier ${word}`, date: '2026-02-01', place: 'Médiathèque', tags: ['Wiki', 'Éducation populaire'], writer: 'Bruno', paragraphs: ['On a appris ensemble.'] },
  }
  const ids: Record<string, string> = {}
  for (const [name, page] of Object.entries(pages)) {
    ids[name] = newPageId(name)
    const c = stockClient(carnet.syncUrl, ids[name]!)
    clients.push(c)
    await c.synced()
    writeMeetingPage(c.doc, page)
  }
  // The archive indexes a page a moment after it changes.
  await until(async () => {
    const res = await fetch(`${carnet.httpUrl}/api/pages?q=${word}`)
    const { pages: found } = (await res.json()) as PageListResponse
    return found.length === 2 && found.every((p) => p.writers === 1) ? true : undefined
  }, { what: 'both pages indexed' })

  const { page } = await writer('Organisatrice')
  await page.goto('/')
  await page.getByRole('link', { name: 'Toute l’archive' }).click()
  await expect(page).toHaveURL(/\/archive$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Archive' })).toBeVisible()

  const search = page.getByRole('searchbox', { name: 'Chercher dans les pages' })
  const results = page.locator('.archive-item')
  await search.fill(`decision ${word}`)
  await expect(results).toHaveCount(1)
  const conseil = results.first()
  await expect(conseil.getByRole('link', { name: `Conseil ${word}`, exact: true })).toHaveAttribute('href', `/p/${ids.conseil}`)
  await expect(conseil).toContainText('jeudi 12 mars 2026')
  await expect(conseil).toContainText('Lieu : Maison pour tous')
  await expect(conseil).toContainText('1 personne a écrit')
  await expect(conseil.getByRole('button', { name: 'Vie du quartier' })).toBeVisible()
  await expect(conseil.getByRole('link', { name: `Historique de « Conseil ${word} »` })).toHaveAttribute('href', `/p/${ids.conseil}/history`)
  // The criteria live in the address.
  await expect(page).toHaveURL(new RegExp(`\\?q=decision\\+${word}$`))

  // Both pages, newest first; then a topic, accents ignored by the server, narrows them.
  await search.fill(word)
  await expect(results).toHaveCount(2)
  await expect(results.first()).toContainText(`Atelier ${word}`)
  await page.getByLabel('Thème (portail ou catégorie)').selectOption('Éducation populaire')
  await expect(results).toHaveCount(1)
  await expect(results.first()).toContainText(`Atelier ${word}`)
  await page.getByLabel('Thème (portail ou catégorie)').selectOption('')
  await expect(results).toHaveCount(2)

  // A date range keeps the March meeting only.
  await page.getByLabel('Du').fill('2026-03-01')
  await page.getByLabel('Au').fill('2026-03-31')
  await expect(results).toHaveCount(1)
  await expect(results.first()).toContainText(`Conseil ${word}`)
  await page.screenshot({ path: test.info().outputPath('archive.png'), fullPage: true })
  // Dates the wrong way round are said, not searched.
  await page.getByLabel('Au').fill('2026-02-01')
  await expect(page.getByRole('alert')).toHaveText('La première date doit venir avant la seconde.')

  await page.getByRole('button', { name: 'Effacer les critères' }).click()
  await search.fill(`${word} introuvable`)
  await expect(page.getByText('Aucune page ne correspond à votre recherche')).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'Aucune page' })).toBeVisible()

  // A topic chip on a result filters by that topic.
  await search.fill(word)
  await results.filter({ hasText: `Atelier ${word}` }).getByRole('button', { name: 'Wiki' }).click()
  await expect(page.getByLabel('Thème (portail ou catégorie)')).toHaveValue('Wiki')
  await expect(results).toHaveCount(1)

  await results.first().getByRole('link', { name: `Atelier ${word}`, exact: true }).click()
  await expect(page).toHaveURL(new RegExp(`/p/${ids.atelier}$`))
})

test('says so when the archive cannot be reached', async ({ writer }) => {
  const { page } = await writer('Organisatrice')
  await page.route('**/api/pages*', (route) => route.abort('internetdisconnected'))
  await page.goto('/archive')
  await expect(page.getByText('L’archive n’est pas joignable (hors ligne ?)')).toBeVisible()
  await page.unroute('**/api/pages*')
  await page.getByRole('button', { name: 'Réessayer' }).click()
  await expect(page.locator('.archive__status')).toHaveText(/\d+\+? pages?|Aucune page/)
})
