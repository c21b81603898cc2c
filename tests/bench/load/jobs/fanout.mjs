// Fan-out: one room, N clients (one writer, N-1 receivers). The writer types one character per
// update at a steady rate; every receiver stamps each keystroke's arrival. Also checks, after the
// measurement, that the server's copy of the page holds exactly what was typed.
import { DIALECTS } from '../../protocol/dialects.mjs'
import { bodyText, docFromState, typingScript } from '../../lib/page-doc.mjs'
import { pollUntil } from '../../lib/wait.mjs'
import { RawClient } from '../client.mjs'
import { clockIndex, closeAll, latencies, openAll, roomUrl, stampArrival, typeSteadily } from '../common.mjs'

/**
 * @param {{ urlTemplate: string, room: string, dialect: string, clients: number, updates: number, ratePerS: number, warmup: number, writerClientId: number, verify: boolean }} p
 * @param {import('../worker.mjs').Control} ctl
 */
export async function run(p, ctl) {
  const dialect = DIALECTS[p.dialect]
  const url = roomUrl(p.urlTemplate, p.room)
  const script = typingScript({ clientID: p.writerClientId, count: p.updates })
  const index = clockIndex(script.clocks)
  const frames = script.updates.map((update) => dialect.update(p.room, update))
  const receiverCount = p.clients - 1
  const arrivals = Array.from({ length: receiverCount }, () => new Float64Array(p.updates).fill(NaN))
  const setupSeen = new Uint8Array(receiverCount)
  let received = 0
  let setups = 0
  const receivers = arrivals.map(
    (stamps, r) =>
      new RawClient({
        url,
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
  const writer = new RawClient({ url, room: p.room, dialect })
  await writer.open()
  writer.send(dialect.update(p.room, script.setup))
  await pollUntil(() => setups === receiverCount, { timeoutMs: 20_000, what: `every receiver got the first update (${setups}/${receiverCount})` })
  ctl.emit('ready')

  const sent = await typeSteadily(p.updates, p.ratePerS, (k) => writer.send(frames[k]))
  const expected = receiverCount * p.updates
  await pollUntil(() => received === expected, { timeoutMs: 10_000, intervalMs: 10, what: 'all deliveries' }).catch(() => {})
  const result = { ...latencies(sent, arrivals, p.warmup), updates: p.updates, receivers: receiverCount }

  let verified = null
  if (p.verify) {
    const reader = new RawClient({ url, room: p.room, dialect, keepStep2: true })
    await reader.open()
    verified = reader.step2 ? bodyText(docFromState(reader.step2)) === script.text : false
    await reader.close()
  }
  await closeAll([writer, ...receivers])
  return { ...result, verified }
}
