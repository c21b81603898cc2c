// Playwright fixtures: a Carnet server per worker (its own data directory), and helpers that act
// as a person would: open the home page, give a name, create a page, type. A failed test gets the
// output of the relays during it (kept quiet otherwise).
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { relayOutputSince, startRelay, type RelayProcess } from '../support/relay-process.js'

export const test = base.extend<{ writer: Writer; relayOutputOnFailure: void }, { carnet: RelayProcess }>({
  relayOutputOnFailure: [
    async ({}, use, testInfo) => {
      const startedAt = Date.now()
      await use()
      if (testInfo.status === testInfo.expectedStatus) return
      const output = relayOutputSince(startedAt)
      if (!output) return
      // In the report, and in full in the run's output (the terminal shows only the start of an attachment).
      await testInfo.attach('relay output', { body: output, contentType: 'text/plain' })
      process.stderr.write(`relay output during "${testInfo.title}":\n${output}\n`)
    },
    { auto: true },
  ],
  carnet: [
    async ({}, use) => {
      const relay = await startRelay({ env: { CARNET_UNLOAD_AFTER_MS: '1000' } })
      await use(relay)
      await relay.stop()
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ carnet }, use) => use(carnet.httpUrl),
  writer: async ({ browser, carnet }, use) => {
    const opened: BrowserContext[] = []
    await use(async (name: string, device: Device = 'desktop') => {
      const context = await browser.newContext({ baseURL: carnet.httpUrl, locale: 'fr-FR', ...DEVICES[device] })
      opened.push(context)
      const page = await context.newPage()
      return { context, page, name }
    })
    for (const context of opened) await context.close()
  },
})

export { expect }

/** The same, with a relay that keeps a version every second while a page is edited: tests of the history do not wait five minutes. */
export const testWithQuickHistory = test.extend<object, { carnet: RelayProcess }>({
  carnet: [
    async ({}, use) => {
      const relay = await startRelay({ env: { CARNET_UNLOAD_AFTER_MS: '1000', CARNET_HISTORY_INTERVAL_MS: '1000' } })
      await use(relay)
      await relay.stop()
    },
    { scope: 'worker' },
  ],
})

export interface WriterSession {
  context: BrowserContext
  page: Page
  name: string
}

export type Writer = (name: string, device?: Device) => Promise<WriterSession>

/**
 * The machines people join from: the test default, a phone opened from the QR code (touch, 390×844)
 * and a room's laptop (1366×768).
 */
export const DEVICES = {
  desktop: {},
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
  laptop: { viewport: { width: 1366, height: 768 } },
} as const

export type Device = keyof typeof DEVICES

/** Answers the "what is your name" dialog. */
export async function giveName(page: Page, name: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: /Comment vous appelez-vous/ })
  await expect(dialog).toBeVisible()
  await dialog.getByLabel('Votre prénom ou surnom').fill(name)
  await dialog.getByRole('button', { name: 'C’est parti' }).click()
  await expect(dialog).toBeHidden()
}

/** From the home page: "Nouvelle page" from a template (blank by default). Returns the page's URL. */
export async function createPage(page: Page, title = '', template = 'Page blanche'): Promise<string> {
  await page.goto('/')
  await page.getByRole('radio', { name: new RegExp(`^${template}`) }).check()
  if (title) await page.getByLabel('Titre de la page (facultatif)').fill(title)
  await page.getByRole('button', { name: 'Nouvelle page' }).click()
  await page.waitForURL(/\/p\/[a-z0-9-]+#k=/)
  return page.url()
}

export function editorOf(page: Page) {
  return page.getByRole('textbox', { name: 'Contenu de la page' })
}

export async function waitOnline(page: Page): Promise<void> {
  await expect(page.locator('.connection-status')).toHaveAttribute('data-status', 'online')
}

export type { Browser }

/** The page's text as written, without the other writers' caret labels: one line per block. */
export async function pageText(page: Page): Promise<string> {
  return page.locator('.page-content').evaluate((element) => {
    const clone = element.cloneNode(true) as HTMLElement
    for (const caret of clone.querySelectorAll('.collab-caret')) caret.remove()
    const blocks = clone.querySelectorAll('p, h1, h2, h3, h4, pre')
    return [...blocks].map((block) => block.textContent ?? '').join('\n')
  })
}

/** Waits until the service worker is active, i.e. the app shell is precached for offline use. */
export async function offlineReady(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready
    if (!registration.active) throw new Error('no active service worker')
  })
}

export function pageIdOf(url: string): string {
  return new URL(url).pathname.split('/')[2]!
}
