// 2. Many rooms: 1,000 rooms of 5 clients, a steady 500 keystrokes per second in total spread over
// the rooms; latency per delivery, and the server's resident memory with everyone connected.
import { LoadRun } from '../load/run-load.mjs'
import { collectGarbage, heapUsed, inspectorUrl } from '../lib/inspector.mjs'
import { progress } from '../lib/log.mjs'
import { othersMeter } from '../lib/quiet.mjs'
import { sleep } from '../lib/wait.mjs'

/** @type {import('../lib/results.mjs').BenchSpec} */
export const spec = {
  name: 'rooms',
  title: '2. Many rooms (5 clients each, 500 keystrokes/s in total)',
  about: 'One writer and four receivers per room; keystrokes round-robin over the rooms. RSS of the server process: with everyone connected before the load, at its end, and at its end after a full GC forced through the V8 inspector (everyone still connected); V8 heap in use at the end and after that GC. Every contender runs with `--inspect=127.0.0.1:0` here.',
  params: ['rooms'],
  metrics: ['p50_ms', 'p99_ms', 'max_ms', 'rss_connected_mb', 'rss_mb', 'rss_after_gc_mb', 'heap_mb', 'heap_after_gc_mb', 'deliveries', 'missing', 'connect_ms'],
  ratioMetrics: ['p50_ms', 'p99_ms', 'max_ms', 'rss_connected_mb', 'rss_mb', 'rss_after_gc_mb', 'heap_after_gc_mb'],
}

/** @param {import('../run.mjs').Context} ctx */
export async function run(ctx) {
  if (ctx.quick) {
    ctx.results.note('rooms', 'Not in a quick run (5,000 sockets per contender take too long to open): run `pnpm bench --only=rooms`.')
    return
  }
  const rooms = 1000
  const durationS = 30
  for (const contender of ctx.contenders) {
    progress(`rooms: ${contender.name}, ${rooms} rooms × 5 clients, 500/s for ${durationS} s`)
    const busy = await ctx.settle('rooms', contender.name)
    const server = await contender.start({
      dataDir: ctx.tmpDir(`rooms-${contender.name}`),
      label: `rooms-${rooms}`,
      nodeArgs: ['--inspect=127.0.0.1:0'],
    })
    /** @type {LoadRun | null} */
    let load = null
    try {
      load = new LoadRun(
        'rooms',
        {
          urlTemplate: contender.roomUrl(server.base, '{room}'),
          dialect: contender.dialect,
          rooms,
          clientsPerRoom: 5,
          ratePerS: 500,
          durationS,
          warmup: 0.1,
          roomPrefix: 'room',
          writerClientBase: 2_000_000,
        },
        { timeoutMs: 240_000 + durationS * 1000 },
      )
      await load.next('connected', 180_000)
      await sleep(1000)
      const rssConnected = server.rss()
      const child = load.child
      const meter = othersMeter(() => [server.pid, child.pid])
      load.command('go')
      let peak = 0
      let ended = false
      load
        .next('load-end', 120_000 + durationS * 1000)
        .catch(() => {})
        .finally(() => (ended = true))
      while (!ended) {
        peak = Math.max(peak, server.rss() || 0)
        await sleep(250)
      }
      const rssEnd = server.rss()
      const others = ctx.busyDuring('rooms', contender.name, meter.stop())
      const inspector = inspectorUrl(server.output)
      if (!inspector) throw new Error(`${contender.name}: no inspector URL in its output`)
      const heapEnd = await heapUsed(inspector)
      const heapAfterGc = await collectGarbage(inspector)
      await sleep(500)
      const rssAfterGc = server.rss()
      load.command('release')
      const result = await load.result
      ctx.results.add({
        bench: 'rooms',
        server: contender.name,
        rooms,
        p50_ms: result.p50_ms,
        p99_ms: result.p99_ms,
        max_ms: result.max_ms,
        rss_connected_mb: rssConnected / 1e6,
        rss_mb: rssEnd / 1e6,
        rss_after_gc_mb: rssAfterGc / 1e6,
        heap_mb: heapEnd / 1e6,
        heap_after_gc_mb: heapAfterGc / 1e6,
        rss_peak_mb: peak / 1e6,
        deliveries: result.deliveries,
        missing: result.missing,
        connect_ms: result.connect_ms,
        busy_pct_at_start: busy,
        others_cpu_pct: others,
      })
    } finally {
      load?.kill()
      await server.stop()
    }
  }
}
