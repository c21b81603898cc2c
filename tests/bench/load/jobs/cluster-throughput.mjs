// Throughput across relay processes: P pages, each with one writer and one observer; the writer of
// page i on process i % n, its observer on the next one, so with several processes every update
// is stored by one and delivered by another (through Redis). Writers type at a fixed total rate
// for a fixed time; what reaches the observers, and how fast, is what the processes sustain.
import { DIALECTS } from '../../protocol/dialects.mjs'
import { typingScript } from '../../lib/page-doc.mjs'
import { summarize } from '../../lib/stats.mjs'
import { pollUntil } from '../../lib/wait.mjs'
import { RawClient } from '../client.mjs'
import { clockIndex, closeAll, openAll, paceSends, roomUrl, roundRobinLatencies, stampArrival } from '../common.mjs'

/** After the last send, deliveries still on their way are awaited this long at most. */
const DRAIN_MS = 5_000

/**
 * @param {{ urlTemplates: string[], dialect: string, roomPrefix: string, pages: number, ratePerS: number, durationMs: number, warmup: number, writerClientBase: number }} p
 * @param {import('../worker.mjs').Control} _ctl
 */
export async function run(p, _ctl) {
  const dialect = DIALECTS[p.dialect]
  const n = p.urlTemplates.length
  const total = Math.round((p.ratePerS * p.durationMs) / 1000)
  const perWriter = Math.ceil(total / p.pages)
  let setups = 0
  let delivered = 0
  let lastArrival = 0
  /** @type {Map<number, { index: Int32Array, arrivals: Float64Array }>} */
  const byClient = new Map()
  const pages = Array.from({ length: p.pages }, (_, i) => {
    const room = `${p.roomPrefix}-${i}`
    const clientID = p.writerClientBase + i
    const script = typingScript({ clientID, count: perWriter })
    const stamps = { index: clockIndex(script.clocks), arrivals: new Float64Array(perWriter).fill(NaN) }
    byClient.set(clientID, stamps)
    const observer = new RawClient({
      url: roomUrl(p.urlTemplates[(i + 1) % n], room),
      room,
      dialect,
      onUpdate: (client, clock, at) => {
        const writer = byClient.get(client)
        if (!writer) return
        const stamped = stampArrival(writer.index, writer.arrivals, clock, at)
        if (stamped === 'first' || stamped === 'again') lastArrival = at
        if (stamped === 'first') delivered++
        else if (stamped === 'setup') setups++
      },
    })
    const writer = new RawClient({ url: roomUrl(p.urlTemplates[i % n], room), room, dialect })
    return { room, observer, writer, script, frames: script.updates.map((update) => dialect.update(room, update)), arrivals: stamps.arrivals, sentCount: 0 }
  })
  await openAll(pages.flatMap((page) => [page.observer, page.writer]))
  for (const page of pages) page.writer.send(dialect.update(page.room, page.script.setup))
  await pollUntil(() => setups >= p.pages, { timeoutMs: 20_000, what: `first update of every writer (${setups}/${p.pages})` })

  const { sent, count: j, start, end: sendEnd } = await paceSends({
    total,
    ratePerS: p.ratePerS,
    durationMs: p.durationMs,
    send: (k) => {
      const page = pages[k % p.pages]
      page.writer.send(page.frames[page.sentCount++])
    },
  })
  await pollUntil(() => delivered >= j, { timeoutMs: DRAIN_MS, intervalMs: 10, what: 'deliveries' }).catch(() => {})

  const s = summarize(roundRobinLatencies(sent, j, pages.map((page) => page.arrivals), p.warmup))
  const refused = pages.filter((page) => page.writer.closedWith && page.writer.closedWith.code >= 4000).map((page) => `${page.writer.closedWith?.code} ${page.writer.closedWith?.reason}`)
  await closeAll(pages.flatMap((page) => [page.observer, page.writer]))
  return {
    sent: j,
    delivered,
    send_window_s: (sendEnd - start) / 1000,
    // Until the last delivery: a backlog that drains slowly counts at the rate it drains.
    delivery_window_s: (Math.max(lastArrival, sendEnd) - start) / 1000,
    p50_ms: s.p50,
    p99_ms: s.p99,
    max_ms: s.max,
    refused: [...new Set(refused)],
  }
}
