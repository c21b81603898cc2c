// 7. The PWA: gzip size of the JavaScript needed to show the home page and the editor; time from
// navigation to an editable editor on a first visit on an "old laptop" (CPU slowed, slow 3G) and
// on a warm offline reload (served by the service worker); and keystroke-to-remote-render latency
// between two Chromium pages on loopback.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { carnet } from '../contenders/carnet.mjs'
import { EDITABLE, answerNameDialog, clockOffset, launchChromium, waitStatus } from '../lib/browser.mjs'
import { progress } from '../lib/log.mjs'
import { dropWarmup, median, summarize } from '../lib/stats.mjs'
import { REPO_ROOT } from '../lib/trace.mjs'
import { pollUntil, sleep } from '../lib/wait.mjs'

export const WEB_DIST = join(REPO_ROOT, 'apps/web/dist')

/**
 * The "old laptop" of the first visit: Chromium's CPU slowed 4× and WebPageTest's "3G Slow"
 * connection profile (400 ms round trip, 400 kbit/s down and up).
 */
export const OLD_LAPTOP = { cpuSlowdown: 4, latencyMs: 400, downKbitPerS: 400, upKbitPerS: 400 }

/** @type {import('../lib/results.mjs').BenchSpec} */
export const spec = {
  name: 'pwa',
  title: '7. PWA (Chromium, Carnet serving the built app)',
  about:
    'JS = every script the page loads (service worker blocked), gzip -9. First visit on an old laptop = navigation to an editable editor on a new page, cold cache, CPU slowed 4× and WebPageTest’s “3G Slow” network (400 ms round trip, 400 kbit/s each way), both emulated by Chromium (CDP) for the page; wire = bytes the page received until then (compressed as served); median of visits. Warm offline start = navigation to an editable editor (and to the page’s text shown) with the network off, served by the service worker, median of reloads; “CPU ×4” with the same slow-down. Keystroke → remote render = keydown in one page to the DOM change in another page (clocks aligned), one keystroke every 50 ms.',
  params: ['figure'],
  metrics: ['js_gzip_kb', 'js_raw_kb', 'files', 'wire_kb', 'editable_ms', 'content_ms', 'p50_ms', 'p99_ms', 'max_ms', 'samples', 'target'],
  ratioMetrics: [],
  // Carnet alone (or no server at all): the contenders are not started for it.
  usesContenders: false,
}

/** @param {import('../run.mjs').Context} ctx */
export async function run(ctx) {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    ctx.results.skip('pwa', 'carnet', `no built app in ${WEB_DIST} (run pnpm build)`)
    return
  }
  let browser
  try {
    browser = await launchChromium()
  } catch (error) {
    ctx.results.skip('pwa', 'carnet', `Chromium could not start: ${/** @type {Error} */ (error).message.split('\n')[0]}`)
    return
  }
  // The app measured is the one in WEB_DIST, named explicitly (the server's default is its own business).
  const server = await carnet.start({ dataDir: ctx.tmpDir('pwa'), env: { CARNET_WEB_DIR: WEB_DIST } })
  try {
    progress('pwa: JavaScript needed by the home page and the editor')
    for (const [figure, path, editor, target] of /** @type {const} */ ([
      ['home page JS', '/', false, '≤ 50 KB gzip'],
      ['editor JS', '/p/bench-size-check', true, '≤ 150 KB gzip'],
    ])) {
      const { list, ...sizes } = await scriptsOf(browser, `${server.httpBase}${path}`, editor)
      ctx.results.add({ bench: 'pwa', server: 'carnet', figure, ...sizes, target })
      ctx.results.note('pwa', `${figure}: ${list}.`)
    }

    progress('pwa: first visit on an old laptop')
    await ctx.settle('pwa', 'first visit')
    const first = await firstVisit(browser, server.httpBase, ctx.quick ? 1 : 3)
    ctx.results.add({ bench: 'pwa', server: 'carnet', figure: 'first visit, old laptop', ...first, target: '≤ 3000 ms' })

    progress('pwa: warm offline start')
    await ctx.settle('pwa', 'warm offline start')
    const warm = await warmOfflineStart(browser, server.httpBase, ctx.quick ? 3 : 7, 1)
    ctx.results.add({ bench: 'pwa', server: 'carnet', figure: 'warm offline start', ...warm, target: '< 1000 ms' })
    await ctx.settle('pwa', 'warm offline start, CPU ×4')
    const slowWarm = await warmOfflineStart(browser, server.httpBase, ctx.quick ? 3 : 7, OLD_LAPTOP.cpuSlowdown)
    ctx.results.add({ bench: 'pwa', server: 'carnet', figure: `warm offline start, CPU ×${OLD_LAPTOP.cpuSlowdown}`, ...slowWarm, target: '≤ 500 ms' })

    if (ctx.quick) {
      ctx.results.note('pwa', 'Keystroke → remote render: full runs only.')
      return
    }
    const keystrokes = 250
    progress(`pwa: keystroke → remote render, ${keystrokes} keystrokes`)
    await ctx.settle('pwa', 'keystrokes')
    const keys = await keystrokeLatency(browser, server.httpBase, keystrokes)
    ctx.results.add({ bench: 'pwa', server: 'carnet', figure: 'keystroke → remote render', ...keys })
  } finally {
    await browser.close()
    await server.stop()
  }
}

/**
 * Every script a page loads until the network is idle.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {boolean} editor wait for the editor to be editable too
 */
async function scriptsOf(browser, url, editor) {
  const context = await browser.newContext({ serviceWorkers: 'block', locale: 'fr-FR' })
  try {
    const page = await context.newPage()
    /** @type {{ url: string, body: Promise<Buffer> }[]} */
    const bodies = []
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') bodies.push({ url: response.url(), body: response.body() })
    })
    await page.goto(url, { waitUntil: 'networkidle' })
    if (editor) await page.locator(EDITABLE).waitFor({ timeout: 20_000 })
    await page.waitForLoadState('networkidle')
    const files = await Promise.all(bodies.map(async ({ url, body }) => ({ name: new URL(url).pathname.split('/').pop(), raw: (await body).length, gzip: gzipSync(await body, { level: 9 }).length })))
    return {
      js_gzip_kb: files.reduce((sum, f) => sum + f.gzip, 0) / 1024,
      js_raw_kb: files.reduce((sum, f) => sum + f.raw, 0) / 1024,
      files: files.length,
      list: files
        .sort((a, b) => b.gzip - a.gzip)
        .map((f) => `${f.name} ${(f.gzip / 1024).toFixed(1)} KB gzip`)
        .join(', '),
    }
  } finally {
    await context.close()
  }
}

/**
 * In the page, from navigation: when the editor became editable, when it showed `marker`.
 * @param {import('playwright-core').BrowserContext} context
 * @param {string} marker
 */
async function stampEditorTimes(context, marker) {
  await context.addInitScript(
    ({ editable, marker }) => {
      const w = /** @type {any} */ (window)
      const check = () => {
        const element = document.querySelector(editable)
        if (element && !w.__editableAt) w.__editableAt = performance.now()
        if (marker && element?.textContent?.includes(marker) && !w.__contentAt) w.__contentAt = performance.now()
      }
      new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true })
    },
    { editable: EDITABLE, marker },
  )
}

/**
 * A first visit to a new page, each in a fresh context (cold HTTP cache, no service worker yet, no
 * name given), the page's CPU and network slowed as on OLD_LAPTOP. Chromium emulates the network
 * for the page's own requests (documents, scripts, styles, fonts); the service worker that the
 * visit installs is another target, so its precache downloads are not slowed (nor counted in wire).
 * @param {import('playwright-core').Browser} browser
 * @param {string} base
 * @param {number} visits
 */
async function firstVisit(browser, base, visits) {
  /** @type {number[]} */
  const editable = []
  /** @type {number[]} */
  const wire = []
  for (let i = 0; i < visits; i++) {
    const context = await browser.newContext({ locale: 'fr-FR' })
    try {
      await stampEditorTimes(context, '')
      const page = await context.newPage()
      const cdp = await context.newCDPSession(page)
      await cdp.send('Network.enable')
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: OLD_LAPTOP.latencyMs,
        downloadThroughput: (OLD_LAPTOP.downKbitPerS * 1000) / 8,
        uploadThroughput: (OLD_LAPTOP.upKbitPerS * 1000) / 8,
      })
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: OLD_LAPTOP.cpuSlowdown })
      await page.goto(`${base}/p/bench-first-visit-${Date.now().toString(36)}-${i}`, { waitUntil: 'commit' })
      await page.waitForFunction(() => /** @type {any} */ (window).__editableAt, null, { timeout: 120_000, polling: 100 })
      const seen = await page.evaluate(() => {
        const at = /** @type {any} */ (window).__editableAt
        const entries = /** @type {PerformanceResourceTiming[]} */ ([...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')])
        const received = entries.filter((e) => e.responseEnd <= at).reduce((sum, e) => sum + e.transferSize, 0)
        return { at, received }
      })
      editable.push(seen.at)
      wire.push(seen.received / 1024)
    } finally {
      await context.close()
    }
  }
  return { editable_ms: median(editable), wire_kb: median(wire), samples: visits }
}

/**
 * Opens a page online (the service worker installs and the page is stored locally), then reloads
 * it with the network off and times, in the page, navigation → editable editor → text shown.
 * @param {import('playwright-core').Browser} browser
 * @param {string} base
 * @param {number} reloads
 * @param {number} cpuSlowdown 1: as is; 4: the old laptop's CPU (set once offline, before the reloads)
 */
async function warmOfflineStart(browser, base, reloads, cpuSlowdown) {
  const context = await browser.newContext({ locale: 'fr-FR' })
  try {
    const marker = 'Compte rendu gardé pour le hors ligne'
    await stampEditorTimes(context, marker)
    const page = await context.newPage()
    const url = `${base}/p/bench-offline-warm-${cpuSlowdown}`
    await page.goto(url)
    await answerNameDialog(page, 'Banc')
    await page.locator(EDITABLE).click()
    await page.keyboard.type(marker)
    await waitStatus(page, 'online')
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
    // The first visit is not controlled by the worker it installed: one more online load is.
    await page.reload()
    await pollUntil(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeoutMs: 20_000, what: 'page controlled by the service worker' })
    await waitStatus(page, 'online')
    await context.setOffline(true)
    if (cpuSlowdown !== 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown })
    /** @type {number[]} */
    const editable = []
    /** @type {number[]} */
    const content = []
    for (let i = 0; i < reloads; i++) {
      await page.goto(url, { waitUntil: 'commit' })
      await page.waitForFunction(() => /** @type {any} */ (window).__contentAt, null, { timeout: 20_000 })
      const times = await page.evaluate(() => ({ editable: /** @type {any} */ (window).__editableAt, content: /** @type {any} */ (window).__contentAt }))
      editable.push(times.editable)
      content.push(times.content)
      await waitStatus(page, 'offline', 10_000)
    }
    return { editable_ms: median(editable), content_ms: median(content), samples: reloads }
  } finally {
    await context.close()
  }
}

/**
 * Two browser contexts on one page: keydown stamped in the writer's page, DOM change stamped in the
 * reader's page, both on the same clock once each page's offset to ours is known.
 * @param {import('playwright-core').Browser} browser
 * @param {string} base
 * @param {number} count
 */
async function keystrokeLatency(browser, base, count) {
  const writerContext = await browser.newContext({ locale: 'fr-FR' })
  const readerContext = await browser.newContext({ locale: 'fr-FR' })
  try {
    const writer = await writerContext.newPage()
    await writer.goto(`${base}/p/bench-keystrokes-${Date.now().toString(36)}`)
    await answerNameDialog(writer, 'Anne')
    await writer.locator(EDITABLE).waitFor()
    await waitStatus(writer, 'online')
    const reader = await readerContext.newPage()
    // The reader may only read (the writer's browser holds the page's edit key): it renders all the same.
    await reader.goto(writer.url())
    await answerNameDialog(reader, 'Bruno')
    await reader.locator('.page-content').waitFor()
    await waitStatus(reader, 'online')
    await writer.locator(EDITABLE).click()
    await writer.keyboard.press('End')

    // Only "x" is typed, and neither name has one: each new "x" in the reader's editor is a keystroke.
    await reader.evaluate((editable) => {
      const w = /** @type {any} */ (window)
      const element = /** @type {HTMLElement} */ (document.querySelector(editable.replace('[contenteditable="true"]', '')))
      const count = () => (element.textContent ?? '').split('x').length - 1
      let seen = count()
      w.__arrivals = []
      new MutationObserver(() => {
        const now = performance.timeOrigin + performance.now()
        for (let n = count(); seen < n; seen++) w.__arrivals.push(now)
      }).observe(element, { subtree: true, childList: true, characterData: true })
    }, EDITABLE)
    await writer.evaluate(() => {
      const w = /** @type {any} */ (window)
      w.__keydowns = []
      window.addEventListener('keydown', () => w.__keydowns.push(performance.timeOrigin + performance.now()), true)
    })
    const writerOffset = await clockOffset(writer)
    const readerOffset = await clockOffset(reader)

    const started = performance.now()
    for (let k = 0; k < count; k++) {
      await writer.keyboard.press('x')
      const next = started + (k + 1) * 50
      if (next > performance.now()) await sleep(next - performance.now())
    }
    await pollUntil(() => reader.evaluate((n) => /** @type {any} */ (window).__arrivals.length >= n, count), { timeoutMs: 15_000, what: 'every keystroke rendered in the other page' })
    /** @type {number[]} */
    const keydowns = await writer.evaluate(() => /** @type {any} */ (window).__keydowns)
    /** @type {number[]} */
    const arrivals = await reader.evaluate(() => /** @type {any} */ (window).__arrivals)
    const latencies = keydowns.slice(0, count).map((at, k) => arrivals[k] - readerOffset - (at - writerOffset))
    const s = summarize(dropWarmup(latencies))
    return { p50_ms: s.p50, p99_ms: s.p99, max_ms: s.max, samples: s.count }
  } finally {
    await writerContext.close()
    await readerContext.close()
  }
}
