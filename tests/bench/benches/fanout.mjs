// 1. Fan-out latency: one room, N clients, one of them typing ~20 characters per second; every
// other client stamps each keystroke's arrival. Per delivery (p50, p99, max) and per keystroke
// for the last receiver to get it (the one a meeting waits for).
import { LoadRun } from '../load/run-load.mjs'
import { othersMeter } from '../lib/quiet.mjs'
import { progress } from '../lib/log.mjs'

/** @type {import('../lib/results.mjs').BenchSpec} */
export const spec = {
  name: 'fanout',
  title: '1. Fan-out latency (one room, one writer typing 20 characters/s)',
  about:
    'Clients = connected sockets in the room (one writer, the others receive). Latency from the writer sending a keystroke to a receiver stamping it; "last" = per keystroke, the last receiver. First 10 % of keystrokes dropped as warm-up.',
  params: ['clients'],
  metrics: ['p50_ms', 'p99_ms', 'max_ms', 'last_p50_ms', 'last_p99_ms', 'deliveries', 'missing', 'verified'],
  ratioMetrics: ['p50_ms', 'p99_ms', 'max_ms', 'last_p50_ms', 'last_p99_ms'],
}

const RATE_PER_S = 20

/** @param {import('../run.mjs').Context} ctx */
export async function run(ctx) {
  const sizes = ctx.quick ? [100] : [10, 100, 500]
  for (const clients of sizes) {
    // At least 2,000 deliveries after the warm-up, and enough keystrokes for the last-receiver figures.
    const updates = ctx.quick ? 30 : Math.max(200, Math.ceil(2000 / (clients - 1) / 0.9) + 1)
    for (const contender of ctx.contenders) {
      progress(`fanout: ${contender.name}, ${clients} clients, ${updates} keystrokes`)
      const busy = await ctx.settle('fanout', `${contender.name}, ${clients} clients`)
      const server = await contender.start({ dataDir: ctx.tmpDir(`fanout-${contender.name}`), label: `fanout-${clients}` })
      /** @type {LoadRun | null} */
      let load = null
      try {
        load = new LoadRun(
          'fanout',
          {
            urlTemplate: contender.roomUrl(server.base, '{room}'),
            room: `fanout-${clients}`,
            dialect: contender.dialect,
            clients,
            updates,
            ratePerS: RATE_PER_S,
            warmup: 0.1,
            writerClientId: 1_000_000 + clients,
            verify: contender.name !== 'floor',
          },
          { timeoutMs: 120_000 + (updates / RATE_PER_S) * 1000 },
        )
        const child = load.child
        const meter = othersMeter(() => [server.pid, child.pid])
        const result = await load.result
        const others = ctx.busyDuring('fanout', `${contender.name}, ${clients} clients`, meter.stop())
        ctx.results.add({
          bench: 'fanout',
          server: contender.name,
          clients,
          p50_ms: result.p50_ms,
          p99_ms: result.p99_ms,
          max_ms: result.max_ms,
          last_p50_ms: result.last_p50_ms,
          last_p99_ms: result.last_p99_ms,
          last_max_ms: result.last_max_ms,
          deliveries: result.deliveries,
          missing: result.missing,
          verified: result.verified ?? undefined,
          busy_pct_at_start: busy,
          others_cpu_pct: others,
        })
        if (result.verified === false) ctx.results.note('fanout', `${contender.name} at ${clients} clients: the server's copy of the page is NOT what was typed`)
      } finally {
        load?.kill()
        await server.stop()
      }
    }
  }
}
