// The interface in French first, English when the browser asks for it or when chosen: the English
// catalogue is a chunk of its own, loaded only then — online, and offline from the service worker.
import type { Page } from '@playwright/test'
import { expect, offlineReady, test } from './fixtures.js'

/** Requests for the English catalogue's chunk, from now on. */
function englishRequests(page: Page): string[] {
  const seen: string[] = []
  page.on('request', (request) => {
    if (/\/assets\/en-[\w-]+\.js$/.test(new URL(request.url()).pathname)) seen.push(request.url())
  })
  return seen
}

test('a French browser never loads the English texts until English is chosen, then keeps the choice', async ({ writer }) => {
  const { page } = await writer('Anne')
  const english = englishRequests(page)
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Sur cet ordinateur' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr')
  expect(english).toEqual([])

  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.getByRole('heading', { name: 'On this computer' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  expect(english).toHaveLength(1)

  await page.reload()
  await expect(page.getByRole('heading', { name: 'On this computer' })).toBeVisible()
  await page.getByRole('button', { name: 'Français' }).click()
  await expect(page.getByRole('heading', { name: 'Sur cet ordinateur' })).toBeVisible()
})

test('a browser in English opens the app in English at once', async ({ browser, carnet }) => {
  const context = await browser.newContext({ baseURL: carnet.httpUrl, locale: 'en-GB' })
  try {
    const page = await context.newPage()
    await page.goto('/')
    await expect(page.getByRole('heading', { name: 'On this computer' })).toBeVisible()
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    // Never a French word first: the catalogue arrived before the app showed.
    await expect(page.getByRole('heading', { name: 'Sur cet ordinateur' })).toHaveCount(0)
  } finally {
    await context.close()
  }
})

test('English can be chosen offline: the service worker keeps its catalogue', async ({ writer }) => {
  const { page, context } = await writer('Bruno')
  const english = englishRequests(page)
  await page.goto('/')
  await offlineReady(page)
  // The visit that installed the worker is not controlled by it; the next one is.
  await page.reload()
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)
  expect(english).toEqual([])

  await context.setOffline(true)
  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.getByRole('heading', { name: 'On this computer' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')

  // A page opened offline is in English too.
  await page.goto('/p/hors-ligne-en-anglais')
  await expect(page.locator('.page-content')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Share' })).toBeVisible()
  await context.setOffline(false)
})
