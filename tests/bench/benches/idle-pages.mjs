// 3. Memory per idle page: pages of a realistic meeting size (~2,000 words, a real editing history)
// loaded from the server's storage by one client each, who then stay connected and idle. RSS
// delta per page; then everyone leaves, and we see how much memory the server gives back — as the
// system sees it, and after a full garbage collection (asked through the V8 inspector: an idle
// Node process rarely collects by itself, so RSS alone would measure V8's timing, not the server).
import { LoadRun } from '../load/run-load.mjs'
import { collectGarbage, heapUsed, inspectorUrl } from '../lib/inspector.mjs'
import { progress } from '../lib/log.mjs'
import { httpGet } from '../lib/net.mjs'
import { sleep } from '../lib/wait.mjs'
import { MEETING_PAGE_EDITS, PAGE_PREFIX, ensureArchive, seedPages } from './archive.mjs'

/** @type {import('../lib/results.mjs').BenchSpec} */
export const spec = {
  name: 'idle',
  title: '3. Memory per idle page (~2,000-word meeting pages, one idle client each)',
  about:
    'RSS of the server: freshly started on its archive (base), with every page loaded and its client idle (loaded), then after all clients left and the server had time to unload the pages (after), and after a full GC forced through the V8 inspector (after GC). Per page = (loaded − base) ÷ pages, in RSS and in V8 heap. Returned = share of (loaded − base) given back after GC. Every contender runs with `--inspect=127.0.0.1:0` here.',
  params: ['pages'],
  metrics: ['per_page_kb', 'heap_per_page_kb', 'rss_base_mb', 'rss_loaded_mb', 'rss_after_mb', 'rss_after_gc_mb', 'returned_pct', 'pages_unloaded', 'pages_with_content'],
  ratioMetrics: ['per_page_kb', 'heap_per_page_kb', 'rss_loaded_mb', 'rss_after_gc_mb', 'returned_pct'],
}

const mb = (/** @type {number} */ bytes) => bytes / 1e6

/** @param {import('../run.mjs').Context} ctx */
export async function run(ctx) {
  const pages = ctx.quick ? 150 : 2000
  // The cold-start bench wants 10,000 pages in the archive; a quick run stays small.
  const archiveSize = ctx.quick ? 150 : 10_000
  // Carnet unloads a page 5 s (its default) after its last client left; give every server more.
  const afterWaitMs = 12_000
  for (const contender of ctx.contenders) {
    if (contender.name === 'floor') continue
    const archive = contender.persistent ? await ensureArchive(ctx, contender, archiveSize) : null
    const busy = await ctx.settle('idle', contender.name)
    const server = await contender.start({
      dataDir: archive?.dir ?? ctx.tmpDir(`idle-${contender.name}`),
      label: `idle-${pages}`,
      nodeArgs: ['--inspect=127.0.0.1:0'],
    })
    try {
      const inspector = inspectorUrl(server.output)
      if (!inspector) throw new Error(`${contender.name}: no inspector URL in its output`)
      await sleep(1000)
      const base = server.rss()
      const heapBase = await heapUsed(inspector)
      // Without storage, the pages can only be written into the running server (and stay there).
      if (!archive) {
        progress(`idle: writing ${pages} pages into ${contender.name} (no storage: they stay in memory)`)
        await seedPages(contender, server, 0, pages)
      }
      progress(`idle: ${contender.name}, ${pages} pages loaded with one idle client each`)
      const load = new LoadRun(
        'pages',
        {
          mode: 'idle',
          urlTemplate: contender.roomUrl(server.base, '{room}'),
          dialect: contender.dialect,
          roomPrefix: PAGE_PREFIX,
          from: 0,
          count: pages,
          traceEdits: MEETING_PAGE_EDITS,
        },
        { timeoutMs: 600_000 },
      )
      /** @type {{ withContent: number }} */
      let loaded
      let rssLoaded
      let heapLoaded
      try {
        loaded = /** @type {{ withContent: number }} */ (await load.next('loaded', 300_000))
        await sleep(2000)
        rssLoaded = server.rss()
        heapLoaded = await heapUsed(inspector)
        load.command('release')
        await load.next('released', 60_000)
        await load.result
      } finally {
        load.kill()
      }
      /** @type {Record<string, unknown>} */
      const row = {
        bench: 'idle',
        server: contender.name,
        pages,
        per_page_kb: (rssLoaded - base) / pages / 1024,
        heap_per_page_kb: (heapLoaded - heapBase) / pages / 1024,
        rss_base_mb: mb(base),
        rss_loaded_mb: mb(rssLoaded),
        pages_with_content: loaded.withContent,
        busy_pct_at_start: busy,
      }
      if (!ctx.quick) {
        await sleep(afterWaitMs)
        row.rss_after_mb = mb(server.rss())
        await collectGarbage(inspector)
        await sleep(500)
        const rssAfterGc = server.rss()
        row.rss_after_gc_mb = mb(rssAfterGc)
        row.returned_pct = ((rssLoaded - rssAfterGc) / (rssLoaded - base)) * 100
        // Carnet says how many pages it holds; for the others, memory is the only witness.
        const health = await httpGet(`${server.httpBase}/healthz`)
        if (contender.name === 'carnet' && health?.status === 200) {
          const loadedPages = Number(JSON.parse(health.body).pagesLoaded)
          if (Number.isFinite(loadedPages)) row.pages_unloaded = loadedPages === 0
        }
      }
      ctx.results.add(/** @type {any} */ (row))
      if (loaded.withContent < pages) {
        ctx.results.note('idle', `${contender.name}: only ${loaded.withContent} of ${pages} pages came back with their content`)
      }
    } finally {
      await server.stop()
    }
  }
  if (ctx.quick) ctx.results.note('idle', 'A quick run does not wait for the pages to be unloaded: memory per page only.')
}
