// 6. Cold start: from spawning the server process to its readiness probe answering 200, with an
// archive of meeting pages; Node alone (`node -e 0`, to exit) and the floor (a minimal ws server,
// to listening) show what any Node server pays.
import { progress } from '../lib/log.mjs'
import { SERVER_CORE, exited, spawnPinned } from '../lib/processes.mjs'
import { median } from '../lib/stats.mjs'
import { withTimeout } from '../lib/wait.mjs'
import { ensureArchive } from './archive.mjs'

/** @type {import('../lib/results.mjs').BenchSpec} */
export const spec = {
  name: 'coldstart',
  title: '6. Cold start (process spawn → readiness probe answers)',
  about: 'Median (and best) of repeated starts on the same archive, probing every 2 ms: Carnet `GET /healthz`, the others `GET /`.',
  params: [],
  metrics: ['pages', 'ready_ms', 'ready_min_ms'],
  ratioMetrics: ['ready_ms', 'ready_min_ms'],
}

/** @param {import('../run.mjs').Context} ctx */
export async function run(ctx) {
  const runs = ctx.quick ? 5 : 10
  // The idle-page bench's archive, when it ran (a quick one is small).
  const archiveSize = ctx.quick ? 150 : 10_000

  /** @type {number[]} */
  const nodeAlone = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await withTimeout(exited(spawnPinned(SERVER_CORE, process.execPath, ['-e', '0'], { stdio: 'ignore' })), 10_000, 'node -e 0')
    nodeAlone.push(performance.now() - started)
  }
  ctx.results.add({ bench: 'coldstart', server: 'node -e 0', pages: 0, ready_ms: median(nodeAlone), ready_min_ms: Math.min(...nodeAlone) })

  for (const contender of ctx.contenders) {
    if (contender.name === 'y-websocket-mem') continue
    const archive = contender.persistent ? await ensureArchive(ctx, contender, archiveSize) : null
    const variants = contender.name === 'carnet' ? [{ label: 'carnet (empty archive)', dir: ctx.tmpDir('coldstart-empty'), pages: 0 }] : []
    variants.push({ label: contender.name, dir: archive?.dir ?? ctx.tmpDir(`coldstart-${contender.name}`), pages: archive?.count ?? 0 })
    for (const variant of variants) {
      progress(`coldstart: ${variant.label}, ${variant.pages} pages, ${runs} starts`)
      const busy = await ctx.settle('coldstart', variant.label)
      /** @type {number[]} */
      const times = []
      for (let i = 0; i < runs; i++) {
        const server = await contender.start({ dataDir: variant.dir, readyIntervalMs: 2 })
        times.push(server.readyMs)
        await server.stop()
      }
      ctx.results.add({ bench: 'coldstart', server: variant.label, pages: variant.pages, ready_ms: median(times), ready_min_ms: Math.min(...times), busy_pct_at_start: busy })
    }
  }
}
