// Many rooms: R rooms of C clients (one writer, C-1 receivers each) and one steady total rate of
// keystrokes, spread round-robin over the rooms. Receivers stamp arrivals; the orchestrator reads
// the server's RSS at the events this job emits.
import { DIALECTS } from '../../protocol/dialects.mjs'
import { typingScript } from '../../lib/page-doc.mjs'
import { summarize } from '../../lib/stats.mjs'
import { pollUntil } from '../../lib/wait.mjs'
import { RawClient } from '../client.mjs'
import { clockIndex, closeAll, openAll, paceSends, roomUrl, stampArrival } from '../common.mjs'

/**
 * @param {{ urlTemplate: string, dialect: string, rooms: number, clientsPerRoom: number, ratePerS: number, durationS: number, warmup: number, roomPrefix: string, writerClientBase: number }} p
 * @param {import('../worker.mjs').Control} ctl
 */
export async function run(p, ctl) {
  const dialect = DIALECTS[p.dialect]
  const total = Math.round(p.ratePerS * p.durationS)
  const perRoom = Math.ceil(total / p.rooms)
  const receiversPerRoom = p.clientsPerRoom - 1
  let received = 0
  let setups = 0
  const rooms = Array.from({ length: p.rooms }, (_, i) => {
    const room = `${p.roomPrefix}-${i}`
    const clientID = p.writerClientBase + i
    const script = typingScript({ clientID, count: perRoom })
    const index = clockIndex(script.clocks)
    const url = roomUrl(p.urlTemplate, room)
    const arrivals = Array.from({ length: receiversPerRoom }, () => new Float64Array(perRoom).fill(NaN))
    const receivers = arrivals.map(
      (stamps) =>
        new RawClient({
          url,
          room,
          dialect,
          onUpdate: (client, clock, at) => {
            if (client !== clientID) return
            const stamped = stampArrival(index, stamps, clock, at)
            if (stamped === 'first') received++
            else if (stamped === 'setup') setups++
          },
        }),
    )
    const writer = new RawClient({ url, room, dialect })
    const frames = script.updates.map((update) => dialect.update(room, update))
    return { room, script, receivers, writer, arrivals, frames }
  })

  const connectStart = performance.now()
  await openAll(rooms.flatMap((r) => [...r.receivers, r.writer]), 100, 60_000)
  const connectMs = performance.now() - connectStart
  for (const r of rooms) r.writer.send(dialect.update(r.room, r.script.setup))
  const expectedSetups = p.rooms * receiversPerRoom
  await pollUntil(() => setups >= expectedSetups, { timeoutMs: 30_000, what: `first update in every room (${setups}/${expectedSetups})` })
  ctl.emit('connected', { connectMs })
  await ctl.waitFor('go', 30_000)

  // Keystroke j goes to room j % R (its keystroke floor(j / R)), at start + j / rate.
  const { sent } = await paceSends({
    total,
    ratePerS: p.ratePerS,
    send: (j) => rooms[j % p.rooms].writer.send(rooms[j % p.rooms].frames[Math.floor(j / p.rooms)]),
  })
  const expected = total * receiversPerRoom
  await pollUntil(() => received >= expected, { timeoutMs: 15_000, intervalMs: 10, what: 'all deliveries' }).catch(() => {})
  ctl.emit('load-end')
  // Everyone stays connected while the orchestrator reads the server's memory.
  await ctl.waitFor('release', 120_000)

  const first = Math.floor(total * p.warmup)
  /** @type {number[]} */
  const all = []
  let missing = 0
  for (let jj = first; jj < total; jj++) {
    const room = rooms[jj % p.rooms]
    const k = Math.floor(jj / p.rooms)
    for (const stamps of room.arrivals) {
      if (Number.isNaN(stamps[k])) missing++
      else all.push(stamps[k] - sent[jj])
    }
  }
  const s = summarize(all)
  await closeAll(rooms.flatMap((r) => [...r.receivers, r.writer]))
  return { deliveries: s.count, missing, p50_ms: s.p50, p99_ms: s.p99, max_ms: s.max, connect_ms: connectMs, sent: total }
}
