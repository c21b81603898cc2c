// Shared pieces of the load jobs: room URLs, connecting many clients, pacing sends on an absolute
// schedule, and turning send/arrival stamps into latencies.
import { summarize } from '../lib/stats.mjs'
import { mapLimit, sleep } from '../lib/wait.mjs'

/**
 * The WebSocket URL of a room: `{room}` in the template is replaced (Hocuspocus has none: the room
 * travels in every message).
 * @param {string} template
 * @param {string} room
 */
export const roomUrl = (template, room) => template.replaceAll('{room}', room)

/**
 * Opens clients, a bounded number at a time.
 * @param {import('./client.mjs').RawClient[]} clients
 * @param {number} [concurrency]
 * @param {number} [timeoutMs] for each client
 */
export async function openAll(clients, concurrency = 50, timeoutMs = 30_000) {
  await mapLimit(clients, concurrency, (client) => client.open(timeoutMs))
}

/** @param {import('./client.mjs').RawClient[]} clients */
export async function closeAll(clients) {
  await mapLimit(clients, 200, (client) => client.close(2000))
}

/**
 * Waits until `target` (performance.now() time) without blocking the event loop: receivers keep
 * stamping while the writer waits for its next keystroke.
 * @param {number} target
 */
export async function sleepUntil(target) {
  const wait = target - performance.now()
  if (wait > 0.5) await sleep(wait)
}

/**
 * Latencies from stamps: `sent[k]` when keystroke k left the writer, `arrivals[r][k]` when
 * receiver r got it (NaN: never). The first `warmup` fraction of keystrokes is dropped.
 * @param {Float64Array} sent
 * @param {Float64Array[]} arrivals
 * @param {number} warmup
 */
export function latencies(sent, arrivals, warmup = 0.1) {
  const first = Math.floor(sent.length * warmup)
  /** @type {number[]} */
  const all = []
  /** @type {number[]} */
  const last = []
  let missing = 0
  for (let k = first; k < sent.length; k++) {
    let worst = -Infinity
    let complete = true
    for (const stamps of arrivals) {
      const at = stamps[k]
      if (Number.isNaN(at) || Number.isNaN(sent[k])) {
        missing++
        complete = false
        continue
      }
      const latency = at - sent[k]
      all.push(latency)
      if (latency > worst) worst = latency
    }
    if (complete && arrivals.length > 0) last.push(worst)
  }
  const a = summarize(all)
  const l = summarize(last)
  return {
    deliveries: a.count,
    missing,
    p50_ms: a.p50,
    p99_ms: a.p99,
    max_ms: a.max,
    last_p50_ms: l.p50,
    last_p99_ms: l.p99,
    last_max_ms: l.max,
  }
}

/**
 * Stamps one arrival on a writer's series: `index[clock]` is the keystroke it carries. 'first' the
 * first time that keystroke arrives (a repeat, 'again', keeps the later time), 'setup' for the
 * writer's first update (clock 0, which sets the page up and is not measured), 'other' otherwise.
 * @param {Int32Array} index from `clockIndex`
 * @param {Float64Array} arrivals
 * @param {number} clock
 * @param {number} at
 * @returns {'first' | 'again' | 'setup' | 'other'}
 */
export function stampArrival(index, arrivals, clock, at) {
  const k = clock < index.length ? index[clock] : -1
  if (k < 0) return clock === 0 ? 'setup' : 'other'
  const first = Number.isNaN(arrivals[k])
  arrivals[k] = at
  return first ? 'first' : 'again'
}

/**
 * Types `count` keystrokes at a steady rate, each at its own moment (sleeping in between, so that
 * receivers in this process stamp freely); returns when each was sent.
 * @param {number} count
 * @param {number} ratePerS
 * @param {(k: number) => void} send
 */
export async function typeSteadily(count, ratePerS, send) {
  const sent = new Float64Array(count).fill(NaN)
  const interval = 1000 / ratePerS
  const start = performance.now() + 50
  for (let k = 0; k < count; k++) {
    await sleepUntil(start + k * interval)
    sent[k] = performance.now()
    send(k)
  }
  return sent
}

/**
 * Sends `total` messages on an absolute schedule, message j at start + j / ratePerS, catching up
 * in bursts when the event loop was late (high rates cannot sleep between two sends). Past
 * `durationMs` (+1 s of grace) what is not sent is not offered: the generator could not keep up.
 * @param {{ total: number, ratePerS: number, durationMs?: number, send: (j: number) => void }} options
 * @returns {Promise<{ sent: Float64Array, count: number, start: number, end: number }>}
 */
export async function paceSends({ total, ratePerS, durationMs = Infinity, send }) {
  const sent = new Float64Array(total).fill(NaN)
  const interval = 1000 / ratePerS
  const start = performance.now() + 20
  let j = 0
  while (j < total) {
    const now = performance.now()
    while (j < total && start + j * interval <= now) {
      sent[j] = performance.now()
      send(j)
      j++
    }
    if (now > start + durationMs + 1000) break
    await sleep(1)
  }
  return { sent, count: j, start, end: performance.now() }
}

/**
 * Latencies of messages sent round-robin over series: message j went to `series[j % n]` as its
 * (j / n)-th keystroke. The first `warmup` fraction is dropped; what never arrived is left out.
 * @param {Float64Array} sent
 * @param {number} count messages actually sent
 * @param {Float64Array[]} series
 * @param {number} warmup
 */
export function roundRobinLatencies(sent, count, series, warmup) {
  /** @type {number[]} */
  const lat = []
  for (let j = Math.floor(count * warmup); j < count; j++) {
    const at = series[j % series.length][Math.floor(j / series.length)]
    if (!Number.isNaN(at)) lat.push(at - sent[j])
  }
  return lat
}

/**
 * Maps Yjs clocks back to keystroke numbers: `index[clock]` is k, or -1.
 * @param {Int32Array} clocks clock of each keystroke
 */
export function clockIndex(clocks) {
  let max = 0
  for (const clock of clocks) if (clock > max) max = clock
  const index = new Int32Array(max + 1).fill(-1)
  clocks.forEach((clock, k) => (index[clock] = k))
  return index
}

/**
 * Waits until a client has heard nothing for `quietMs` (or `maxMs` passed): what a server sends
 * after its step2 (the stock server's content read from storage) has then arrived.
 * @param {import('./client.mjs').RawClient} client
 * @param {{ quietMs: number, maxMs: number }} options
 */
export async function settle(client, { quietMs, maxMs }) {
  const deadline = performance.now() + maxMs
  while (performance.now() < deadline && performance.now() - client.lastMessageAt < quietMs) await sleep(20)
}
