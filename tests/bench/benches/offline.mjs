// 8 and 9, offline first: the size of the offline cache (the service worker's precache), and the
// time from "back online" to "synchronised" after many edits made offline — until the status says
// online, which the app shows only once the relay confirmed storing every change.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { carnet } from '../contenders/carnet.mjs'
import { EDITABLE, answerNameDialog, launchChromium, waitStatus } from '../lib/browser.mjs'
import { progress } from '../lib/log.mjs'
import { httpGet } from '../lib/net.mjs'
import { pollUntil } from '../lib/wait.mjs'
import { WEB_DIST } from './pwa.mjs'

/** @type {import('../lib/results.mjs').BenchSpec} */
export const spec = {
  name: 'offline',
  title: '8–9. Offline first (service worker precache; back online → synchronised)',
  about:
    'Precache = the files listed in the service worker’s precache manifest (apps/web/dist/sw.js), raw and gzip -9. Sync = in the page, from the browser’s `online` event to `.connection-status[data-status="online"]`, after N keystrokes typed with the network off.',
  params: ['figure'],
  metrics: ['raw_kb', 'gzip_kb', 'files', 'edits', 'sync_ms', 'stored'],
  ratioMetrics: [],
  // Carnet alone (or no server at all): the contenders are not started for it.
  usesContenders: false,
}

/**
 * The URLs of a Workbox precache manifest (`precacheAndRoute([{url:"…",revision:…},…])`).
 * @param {string} sw the service worker's source
 */
export function precacheUrls(sw) {
  const urls = new Set()
  for (const match of sw.matchAll(/\{\s*url\s*:\s*"([^"]+)"\s*,\s*revision\s*:/g)) urls.add(match[1])
  return [...urls]
}

/** @param {import('../run.mjs').Context} ctx */
export async function run(ctx) {
  const swFile = join(WEB_DIST, 'sw.js')
  if (!existsSync(swFile)) {
    ctx.results.skip('offline', 'carnet', `no service worker at ${swFile} (run pnpm build)`)
    return
  }
  const urls = precacheUrls(readFileSync(swFile, 'utf8'))
  const files = urls.map((url) => readFileSync(join(WEB_DIST, url)))
  ctx.results.add({
    bench: 'offline',
    server: 'carnet',
    figure: 'offline cache (precache)',
    raw_kb: files.reduce((sum, f) => sum + f.length, 0) / 1024,
    gzip_kb: files.reduce((sum, f) => sum + gzipSync(f, { level: 9 }).length, 0) / 1024,
    files: files.length,
  })

  let browser
  try {
    browser = await launchChromium()
  } catch (error) {
    ctx.results.skip('offline', 'carnet', `Chromium could not start: ${/** @type {Error} */ (error).message.split('\n')[0]}`)
    return
  }
  const server = await carnet.start({ dataDir: ctx.tmpDir('offline'), env: { CARNET_WEB_DIR: WEB_DIST } })
  const edits = ctx.quick ? 200 : 1000
  try {
    progress(`offline: ${edits} keystrokes offline, then back online`)
    await ctx.settle('offline', 'back online')
    const context = await browser.newContext({ locale: 'fr-FR' })
    const page = await context.newPage()
    const pageId = `bench-offline-sync-${Date.now().toString(36)}`
    await page.goto(`${server.httpBase}/p/${pageId}`)
    await answerNameDialog(page, 'Banc')
    await page.locator(EDITABLE).click()
    await waitStatus(page, 'online')
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
    await context.setOffline(true)
    await waitStatus(page, 'offline')
    const sentence = 'Decision: the garden opens on Saturday. '
    const text = sentence.repeat(Math.ceil(edits / sentence.length)).slice(0, edits)
    await page.keyboard.type(text)
    await page.evaluate(() => {
      const w = /** @type {any} */ (window)
      window.addEventListener('online', () => (w.__onlineAt = performance.now()), { once: true })
      const status = /** @type {Element} */ (document.querySelector('.connection-status'))
      new MutationObserver(() => {
        if (w.__onlineAt && !w.__syncedAt && status.getAttribute('data-status') === 'online') w.__syncedAt = performance.now()
      }).observe(status, { attributes: true, attributeFilter: ['data-status'] })
    })
    await context.setOffline(false)
    await page.waitForFunction(() => /** @type {any} */ (window).__syncedAt, null, { timeout: 120_000 })
    const syncMs = await page.evaluate(() => /** @type {any} */ (window).__syncedAt - /** @type {any} */ (window).__onlineAt)
    // The relay has it all: the archive's plain-text export holds every character typed offline.
    const stored = await pollUntil(
      async () => {
        const answer = await httpGet(`${server.httpBase}/api/pages/${pageId}/export?format=txt`)
        return answer?.status === 200 && answer.body.replace(/\s+/g, ' ').includes(text.trim()) ? true : null
      },
      { timeoutMs: 10_000, what: 'the offline text in the archive' },
    ).catch(() => false)
    ctx.results.add({ bench: 'offline', server: 'carnet', figure: 'back online → synchronised', edits, sync_ms: syncMs, stored })
    await context.close()
  } finally {
    await browser.close()
    await server.stop()
  }
}
