// Durable writes: P pages, each with W writers and one observer. Writers type at a fixed total
// rate for a fixed time; observers stamp what the server forwards. When sending ends, the job says "sent", the
// orchestrator kill -9s the server and answers "killed"; what each observer had received by then
// must all be in storage (checked by the readback job after a restart).
import { DIALECTS } from '../../protocol/dialects.mjs'
import { typingScript } from '../../lib/page-doc.mjs'
import { summarize } from '../../lib/stats.mjs'
import { pollUntil, sleep } from '../../lib/wait.mjs'
import { RawClient } from '../client.mjs'
import { clockIndex, openAll, paceSends, roomUrl, roundRobinLatencies, stampArrival } from '../common.mjs'

/**
 * @param {{ urlTemplate: string, dialect: string, roomPrefix: string, pages: number, writersPerPage: number, ratePerS: number, durationMs: number, warmup: number, writerClientBase: number }} p
 * @param {import('../worker.mjs').Control} ctl
 */
export async function run(p, ctl) {
  const dialect = DIALECTS[p.dialect]
  const total = Math.round((p.ratePerS * p.durationMs) / 1000)
  const writersPerPage = p.writersPerPage
  const writerCount = p.pages * writersPerPage
  const perWriter = Math.ceil(total / writerCount)
  let setups = 0
  let delivered = 0
  /** @type {Map<number, { index: Int32Array, arrivals: Float64Array }>} */
  const byClient = new Map()
  const pages = Array.from({ length: p.pages }, (_, i) => {
    const room = `${p.roomPrefix}-${i}`
    const url = roomUrl(p.urlTemplate, room)
    const observer = new RawClient({
      url,
      room,
      dialect,
      onUpdate: (client, clock, at) => {
        const writer = byClient.get(client)
        if (!writer) return
        const stamped = stampArrival(writer.index, writer.arrivals, clock, at)
        if (stamped === 'first') delivered++
        else if (stamped === 'setup') setups++
      },
    })
    return { room, url, observer }
  })
  // Writer w types on page w % P: the pages' writers take turns.
  const writers = Array.from({ length: writerCount }, (_, w) => {
    const page = pages[w % p.pages]
    const clientID = p.writerClientBase + w
    const script = typingScript({ clientID, count: perWriter })
    const stamps = { index: clockIndex(script.clocks), arrivals: new Float64Array(perWriter).fill(NaN) }
    byClient.set(clientID, stamps)
    const client = new RawClient({ url: page.url, room: page.room, dialect })
    const frames = script.updates.map((update) => dialect.update(page.room, update))
    return { page, clientID, script, client, frames, arrivals: stamps.arrivals, sentCount: 0 }
  })
  await openAll([...pages.map((page) => page.observer), ...writers.map((w) => w.client)])
  for (const w of writers) w.client.send(dialect.update(w.page.room, w.script.setup))
  await pollUntil(() => setups >= writerCount, { timeoutMs: 20_000, what: `first update of every writer (${setups}/${writerCount})` })

  // Writer w types keystroke floor(j / W) of its script as message j.
  const { sent, count: j, start, end: sendEnd } = await paceSends({
    total,
    ratePerS: p.ratePerS,
    durationMs: p.durationMs,
    send: (k) => {
      const w = writers[k % writerCount]
      w.client.send(w.frames[w.sentCount++])
    },
  })
  ctl.emit('sent', { sent: j })
  await ctl.waitFor('killed', 30_000)
  const killedAt = performance.now()
  // What the kernel had already received from the server before it died is still delivered.
  await sleep(300)

  const s = summarize(roundRobinLatencies(sent, j, writers.map((w) => w.arrivals), p.warmup))
  const perWriterResult = writers.map((w) => {
    let observed = 0
    for (let k = 0; k < w.arrivals.length; k++) if (!Number.isNaN(w.arrivals[k])) observed = k + 1
    return { room: w.page.room, clientID: w.clientID, firstClock: w.script.firstClock, sent: w.sentCount, observed }
  })
  const refused = writers.filter((w) => w.client.closedWith && w.client.closedWith.code >= 4000).map((w) => `${w.client.closedWith?.code} ${w.client.closedWith?.reason}`)
  for (const page of pages) page.observer.terminate()
  for (const w of writers) w.client.terminate()
  return {
    sent: j,
    delivered,
    writers_per_page: writersPerPage,
    send_window_s: (sendEnd - start) / 1000,
    window_s: (killedAt - start) / 1000,
    p50_ms: s.p50,
    p99_ms: s.p99,
    max_ms: s.max,
    writers: perWriterResult,
    refused: [...new Set(refused)],
  }
}
