// A phone sending photos, in a thread of its own: preparing each photo (2 MB copied and hashed)
// and sending it must not hold up the load process's event loop, where the typists' arrivals are
// stamped — on a real meeting the photo leaves another device. The photos are all prepared before
// the typing starts, and the thread runs at the lowest priority: on this machine it shares the
// stampers' core, which a phone would not. Sends a photo every `everyMs` (the next one leaves
// once the last was answered) in every other window of `windowMs`, until told to stop, then
// reports.
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync, readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import { summarize } from '../lib/stats.mjs'
import { pollUntil } from '../lib/wait.mjs'

/**
 * `windowMs`: photos are sent only in every other window of that length from the start the load
 * process gives (the first window without): the keystrokes typed in the two kinds of window are
 * then compared within one run, under the same neighbours.
 * @type {{ httpBase: string, pageId: string, photoPath: string, everyMs: number, count: number, windowMs: number }}
 */
const { httpBase, pageId, photoPath, everyMs, count, windowMs } = workerData
const photo = readFileSync(photoPath)
lowestPriority()
let running = true
/** @type {(startAt: number) => void} */
let go = () => undefined
/** When the typing starts, on the clock both threads share (`performance.timeOrigin` + now). */
const started = new Promise((resolve) => (go = resolve))
parentPort?.on('message', (message) => {
  if (message === 'stop') running = false
  else if (typeof message?.startAt === 'number') go(message.startAt)
})

/** Another photo to the relay: SOI, a comment segment (FF FE, its length, 16 random bytes), the rest. */
function nextPhoto() {
  const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x12]), randomBytes(16)])
  const data = Buffer.concat([photo.subarray(0, 2), comment, photo.subarray(2)])
  return { data, name: createHash('sha256').update(data).digest('hex') }
}

const photos = Array.from({ length: count }, nextPhoto)

// The page must be stored before it takes photos (409 until then).
await pollUntil(async () => (await fetch(`${httpBase}/api/pages/${pageId}`)).status === 200, { timeoutMs: 20_000, intervalMs: 50, what: 'the page stored' })
// One photo before the typing: the first a relay process receives loads its image library (about
// 0.1 s, once, documented); the figure is the cost of each photo after that.
const warmup = nextPhoto()
const warmed = await fetch(`${httpBase}/api/pages/${pageId}/files/${warmup.name}`, { method: 'PUT', body: warmup.data, headers: { 'Content-Type': 'image/jpeg' } })
await warmed.arrayBuffer()
if (warmed.status !== 201) throw new Error(`the relay refused the first photo: ${warmed.status}`)
parentPort?.postMessage({ started: true })
const startAt = /** @type {number} */ (await started) - performance.timeOrigin

/** @type {number[]} */
const durations = []
/** @type {Map<number, number>} */
const statuses = new Map()
let bytes = 0
let next = 0
for (let j = 0; running && next < photos.length; j++) {
  const at = startAt + j * everyMs
  if (Math.floor((at - startAt) / windowMs) % 2 === 0) continue
  const wait = at - performance.now()
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
  if (!running) break
  const { data, name } = photos[next++]
  const sentAt = performance.now()
  const answer = await fetch(`${httpBase}/api/pages/${pageId}/files/${name}`, { method: 'PUT', body: data, headers: { 'Content-Type': 'image/jpeg' } })
  await answer.arrayBuffer()
  durations.push(performance.now() - sentAt)
  statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
  if (answer.status === 201) bytes += data.length
}
const upload = summarize(durations)
parentPort?.postMessage({
  report: {
    uploads: durations.length,
    uploaded_mb: bytes / 1e6,
    upload_p50_ms: upload.p50,
    upload_statuses: [...statuses].map(([status, n]) => `${status}×${n}`).join(' '),
  },
})

/** This thread alone at nice 19 (on Linux a thread's id, read from /proc/thread-self, is a pid to setpriority). */
function lowestPriority() {
  try {
    setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 19)
  } catch {
    // Elsewhere the thread keeps its priority: the figures are noisier, not wrong.
  }
}
