// Debian's Chromium driven by playwright-core (never `playwright install`), and the few gestures
// the PWA benches share: answer the name dialog, wait for the connection status, and read a page's
// clock against ours.
import { existsSync } from 'node:fs'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const CHROMIUM_ARGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-gpu']

/** Selector of the editor once Tiptap made it editable. */
export const EDITABLE = '.page-content[contenteditable="true"]'

/** @returns {Promise<import('playwright-core').Browser>} */
export async function launchChromium() {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`)
  const { chromium } = await import('playwright-core')
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 30_000 })
}

/**
 * Gives a name if the app asks for one (first visit on this browser context).
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
export async function answerNameDialog(page, name) {
  const dialog = page.locator('dialog[open]')
  try {
    await dialog.waitFor({ state: 'visible', timeout: 3000 })
  } catch {
    return
  }
  await dialog.locator('input[type="text"]').first().fill(name)
  await dialog.locator('input[type="text"]').first().press('Enter')
  await dialog.waitFor({ state: 'hidden', timeout: 5000 })
}

/**
 * @param {import('playwright-core').Page} page
 * @param {string} status online | offline | syncing | connecting
 * @param {number} [timeoutMs]
 */
export async function waitStatus(page, status, timeoutMs = 30_000) {
  await page.locator(`.connection-status[data-status="${status}"]`).waitFor({ state: 'attached', timeout: timeoutMs })
}

/**
 * The offset of the page's clock (`performance.timeOrigin + performance.now()`) from ours, from the
 * round trip with the smallest delay: two pages' stamps become comparable.
 * @param {import('playwright-core').Page} page
 */
export async function clockOffset(page) {
  let best = { rtt: Infinity, offset: 0 }
  for (let i = 0; i < 20; i++) {
    const before = performance.timeOrigin + performance.now()
    const theirs = await page.evaluate(() => performance.timeOrigin + performance.now())
    const after = performance.timeOrigin + performance.now()
    if (after - before < best.rtt) best = { rtt: after - before, offset: theirs - (before + after) / 2 }
  }
  return best.offset
}
