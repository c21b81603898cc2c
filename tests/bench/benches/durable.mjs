// 4b. Durable write throughput: 20 pages, each with one writer and one observer; offered loads of
// 1k, 5k and 20k keystrokes/s in total (and 50k in a full run, past what the machine can do, to
// find each server's ceiling). What the server forwards (accepted), what it has in
// storage after a kill -9 at the end of the load and a restart (stored), and what any observer
// had received but storage lost (lost: must be 0).
import { LoadRun, runLoad } from '../load/run-load.mjs'
import { progress } from '../lib/log.mjs'
import { othersMeter } from '../lib/quiet.mjs'

/** @type {import('../lib/results.mjs').BenchSpec} */
export const spec = {
  name: 'durable',
  title: '4b. Durable write throughput (20 pages, kill -9 at the end of the load)',
  about:
    'One writer and one observer per page. Offered = keystrokes/s the writers send in total (Carnet’s per-socket limit, 200 messages/s by default, is lifted here: one socket sends up to 2,500/s); accepted = forwarded to the observers per second of the window (first send → kill -9); stored = in storage after the restart, per second of the window; p99 = writer → observer; lost = received by an observer but missing after the restart (must be 0); unstored = sent but not in storage.',
  params: ['offered_per_s'],
  metrics: ['sent_per_s', 'accepted_per_s', 'stored_per_s', 'p50_ms', 'p99_ms', 'lost_updates', 'unstored_updates'],
  ratioMetrics: ['accepted_per_s', 'stored_per_s', 'p50_ms', 'p99_ms'],
}

const PAGES = 20
/** Carnet refuses a socket past 200 messages/s by default (a flood guard): lifted for this bench. */
const UNLIMITED = { CARNET_MAX_MESSAGES_PER_SECOND: '1000000', CARNET_MESSAGE_BURST: '10000000' }

/** @param {import('../run.mjs').Context} ctx */
export async function run(ctx) {
  const levels = ctx.quick ? [5000] : [1000, 5000, 20_000, 50_000]
  const durationMs = ctx.quick ? 1500 : 5000
  for (const offered of levels) {
    for (const contender of ctx.contenders) {
      progress(`durable: ${contender.name}, ${offered}/s for ${durationMs / 1000} s`)
      const busy = await ctx.settle('durable', `${contender.name} at ${offered}/s`)
      const dir = ctx.tmpDir(`durable-${contender.name}`)
      let server = await contender.start({ dataDir: dir, label: `durable-${offered}`, env: UNLIMITED })
      /** @type {LoadRun | null} */
      let load = null
      try {
        const urlTemplate = contender.roomUrl(server.base, '{room}')
        load = new LoadRun(
          'durable',
          {
            urlTemplate,
            dialect: contender.dialect,
            roomPrefix: `durable-${offered}`,
            pages: PAGES,
            writersPerPage: 1,
            ratePerS: offered,
            durationMs,
            warmup: 0.1,
            writerClientBase: 3_000_000,
          },
          { timeoutMs: 120_000 + durationMs },
        )
        const child = load.child
        const meter = othersMeter(() => [server.pid, child.pid])
        await load.next('sent', 60_000 + durationMs)
        const others = ctx.busyDuring('durable', `${contender.name} at ${offered}/s`, meter.stop())
        await server.kill9()
        load.command('killed')
        const result = await load.result
        const window = result.window_s
        /** @type {Record<string, unknown>} */
        const row = {
          bench: 'durable',
          server: contender.name,
          offered_per_s: offered,
          sent_per_s: result.sent / result.send_window_s,
          accepted_per_s: result.delivered / window,
          p50_ms: result.p50_ms,
          p99_ms: result.p99_ms,
          max_ms: result.max_ms,
          busy_pct_at_start: busy,
          others_cpu_pct: others,
        }
        if (result.refused.length) ctx.results.note('durable', `${contender.name} at ${offered}/s refused writers: ${result.refused.join('; ')}`)
        if (contender.persistent) {
          server = await contender.start({ dataDir: dir, port: server.port, env: UNLIMITED })
          /** @type {Map<string, number[]>} */
          const byRoom = new Map()
          for (const w of result.writers) byRoom.set(w.room, [...(byRoom.get(w.room) ?? []), w.clientID])
          /** @type {{ room: string, storedClocks: Record<number, number> }[]} */
          const stored = await runLoad(
            'readback',
            { urlTemplate: contender.roomUrl(server.base, '{room}'), dialect: contender.dialect, pages: [...byRoom].map(([room, clientIDs]) => ({ room, clientIDs })) },
            120_000,
          )
          const storedClock = new Map(stored.flatMap((page) => Object.entries(page.storedClocks).map(([id, clock]) => [Number(id), clock])))
          let storedTotal = 0
          let lost = 0
          let unstored = 0
          for (const writer of /** @type {{ clientID: number, firstClock: number, sent: number, observed: number }[]} */ (result.writers)) {
            // One character per keystroke: keystroke k has clock firstClock + k.
            const storedKeys = Math.min(writer.sent, Math.max(0, (storedClock.get(writer.clientID) ?? 0) - writer.firstClock))
            storedTotal += storedKeys
            lost += Math.max(0, writer.observed - storedKeys)
            unstored += writer.sent - storedKeys
          }
          row.stored_per_s = storedTotal / window
          row.lost_updates = lost
          row.unstored_updates = unstored
          if (lost > 0) ctx.results.note('durable', `${contender.name} at ${offered}/s: ${lost} keystrokes that observers had received were not in storage after kill -9`)
        }
        ctx.results.add(/** @type {any} */ (row))
      } finally {
        load?.kill()
        await server.stop()
      }
    }
  }
  const ceiling = ctx.sqliteCeiling
  if (ceiling) {
    ctx.results.note(
      'durable',
      `SQLite ceiling measured in this run: ${ceiling.map((c) => `${Math.round(c.inserts_per_s).toLocaleString('en-US')}/s (${c.mode})`).join('; ')}.`,
    )
    // Carnet's best stored rate against that ceiling (the target: within 2×).
    const best = Math.max(
      ...ctx.results.rows.filter((row) => row.bench === 'durable' && row.server === 'carnet' && typeof row.stored_per_s === 'number').map((row) => row.stored_per_s),
    )
    if (Number.isFinite(best)) {
      const parts = ceiling.map((c) => `${(c.inserts_per_s / best).toFixed(2)} for "${c.mode}"`)
      ctx.results.note('durable', `SQLite’s ceiling ÷ Carnet’s highest stored rate (${Math.round(best).toLocaleString('en-US')}/s): ${parts.join('; ')}.`)
    }
  }
}
