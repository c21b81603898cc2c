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
