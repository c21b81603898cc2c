// Fan-out across relay processes: one room, a writer on the first process, receivers spread evenly
// over every process (receiver r on urls[r % n]). As fanout.mjs — the writer types one character
// per update at a steady rate, receivers stamp arrivals — and also the latencies of the receivers
// on another process than the writer's, the ones Redis carries to.
import { DIALECTS } from '../../protocol/dialects.mjs'
import { typingScript } from '../../lib/page-doc.mjs'
import { pollUntil } from '../../lib/wait.mjs'
import { RawClient } from '../client.mjs'
import { clockIndex, closeAll, latencies, openAll, roomUrl, stampArrival, typeSteadily } from '../common.mjs'

/**
 * @param {{ urlTemplates: string[], room: string, dialect: string, receivers: number, updates: number, ratePerS: number, warmup: number, writerClientId: number }} p
 * @param {import('../worker.mjs').Control} _ctl
 */
export async function run(p, _ctl) {
  const dialect = DIALECTS[p.dialect]
  const urls = p.urlTemplates.map((template) => roomUrl(template, p.room))
  const script = typingScript({ clientID: p.writerClientId, count: p.updates })
  const index = clockIndex(script.clocks)
  const frames = script.updates.map((update) => dialect.update(p.room, update))
  const arrivals = Array.from({ length: p.receivers }, () => new Float64Array(p.updates).fill(NaN))
  const setupSeen = new Uint8Array(p.receivers)
  let received = 0
  let setups = 0
  const receivers = arrivals.map(
    (stamps, r) =>
      new RawClient({
        url: urls[r % urls.length],
        room: p.room,
        dialect,
        onUpdate: (client, clock, at) => {
          if (client !== p.writerClientId) return
          const stamped = stampArrival(index, stamps, clock, at)
          if (stamped === 'first') received++
          else if (stamped === 'setup' && !setupSeen[r]) {
            setupSeen[r] = 1
            setups++
          }
        },
      }),
  )
  await openAll(receivers)
  const writer = new RawClient({ url: urls[0], room: p.room, dialect })
  await writer.open()
  writer.send(dialect.update(p.room, script.setup))
  await pollUntil(() => setups === p.receivers, { timeoutMs: 20_000, what: `every receiver got the first update (${setups}/${p.receivers})` })

  const sent = await typeSteadily(p.updates, p.ratePerS, (k) => writer.send(frames[k]))
  const expected = p.receivers * p.updates
  await pollUntil(() => received === expected, { timeoutMs: 10_000, intervalMs: 10, what: 'all deliveries' }).catch(() => {})
  const all = latencies(sent, arrivals, p.warmup)
  const elsewhere = urls.length > 1 ? latencies(sent, arrivals.filter((_, r) => r % urls.length !== 0), p.warmup) : null
  await closeAll([writer, ...receivers])
  return { ...all, cross_p50_ms: elsewhere?.p50_ms ?? NaN, cross_p99_ms: elsewhere?.p99_ms ?? NaN }
}
