// A phone sending photos, in a thread of its own: preparing each photo (2 MB copied and hashed)
// and sending it must not hold up the load process's event loop, where the typists' arrivals are
// stamped — on a real meeting the photo leaves another device. Sends a photo every `everyMs` (the
// next one leaves once the last was answered) until told to stop, then reports.
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { summarize } from '../lib/stats.mjs'
import { pollUntil } from '../lib/wait.mjs'

/** @type {{ httpBase: string, pageId: string, photoPath: string, everyMs: number }} */
const { httpBase, pageId, photoPath, everyMs } = workerData
const photo = readFileSync(photoPath)
let running = true
parentPort?.on('message', (message) => {
  if (message === 'stop') running = false
})

/** Another photo to the relay: SOI, a comment segment (FF FE, its length, 16 random bytes), the rest. */
function nextPhoto() {
  const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x12]), randomBytes(16)])
  const data = Buffer.concat([photo.subarray(0, 2), comment, photo.subarray(2)])
  return { data, name: createHash('sha256').update(data).digest('hex') }
}

// The page must be stored before it takes photos (409 until then).
await pollUntil(async () => (await fetch(`${httpBase}/api/pages/${pageId}`)).status === 200, { timeoutMs: 20_000, intervalMs: 50, what: 'the page stored' })
parentPort?.postMessage({ started: true })

/** @type {number[]} */
const durations = []
/** @type {Map<number, number>} */
const statuses = new Map()
let bytes = 0
const first = performance.now()
for (let j = 0; running; j++) {
  const wait = first + j * everyMs - performance.now()
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
  if (!running) break
  const { data, name } = nextPhoto()
  const at = performance.now()
  const answer = await fetch(`${httpBase}/api/pages/${pageId}/files/${name}`, { method: 'PUT', body: data, headers: { 'Content-Type': 'image/jpeg' } })
  await answer.arrayBuffer()
  durations.push(performance.now() - at)
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
