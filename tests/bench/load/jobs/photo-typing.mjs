// Photos while people type: W writers in one room, each typing at its own steady rate (staggered,
// not in step), every writer stamping the others' keystrokes as they arrive; optionally, one
// phone's worth of photos sent meanwhile — a photo of `photoBytes`, PUT again and again under a
// new name (a comment segment of random bytes after the JPEG's start: another photo to the relay,
// hashed, checked and stored in full) until the typing ends. Latency per delivery (p50, p99, max).
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { DIALECTS } from '../../protocol/dialects.mjs'
import { typingScript } from '../../lib/page-doc.mjs'
import { summarize } from '../../lib/stats.mjs'
import { pollUntil } from '../../lib/wait.mjs'
import { RawClient } from '../client.mjs'
import { clockIndex, closeAll, openAll, roomUrl, sleepUntil, stampArrival } from '../common.mjs'

/**
 * @param {{ urlTemplate: string, room: string, dialect: string, writers: number, ratePerS: number, seconds: number, warmup: number, upload: { httpBase: string, photoPath: string, everyMs: number } | null }} p
 * @param {import('../worker.mjs').Control} ctl
 */
export async function run(p, ctl) {
  const dialect = DIALECTS[p.dialect]
  const url = roomUrl(p.urlTemplate, p.room)
  const count = Math.round(p.ratePerS * p.seconds)
  const scripts = Array.from({ length: p.writers }, (_, w) => typingScript({ clientID: 2_000_000 + w, count }))
  const byClient = new Map(scripts.map((script, w) => [script.clientID, w]))
  const indexes = scripts.map((script) => clockIndex(script.clocks))
  // arrivals[w][r]: when writer r received writer w's keystrokes (r = w: never, left empty).
  const arrivals = scripts.map(() => scripts.map(() => new Float64Array(count).fill(NaN)))
  const setupSeen = scripts.map(() => new Uint8Array(p.writers))
  let setups = 0
  let received = 0
  const clients = scripts.map(
    (_, r) =>
      new RawClient({
        url,
        room: p.room,
        dialect,
        onUpdate: (client, clock, at) => {
          const w = byClient.get(client)
          if (w === undefined || w === r) return
          const stamped = stampArrival(indexes[w], arrivals[w][r], clock, at)
          if (stamped === 'first') received++
          else if (stamped === 'setup' && !setupSeen[w][r]) {
            setupSeen[w][r] = 1
            setups++
          }
        },
      }),
  )
  await openAll(clients)
  clients.forEach((client, w) => client.send(dialect.update(p.room, scripts[w].setup)))
  const pairs = p.writers * (p.writers - 1)
  await pollUntil(() => setups === pairs, { timeoutMs: 20_000, what: `every writer got every other's first update (${setups}/${pairs})` })

  const uploads = p.upload ? startUploads(p.upload.httpBase, p.room, readFileSync(p.upload.photoPath), p.upload.everyMs) : null
  if (uploads) await uploads.started
  ctl.emit('ready')

  const interval = 1000 / p.ratePerS
  const start = performance.now() + 50
  const sent = scripts.map(() => new Float64Array(count).fill(NaN))
  await Promise.all(
    scripts.map(async (script, w) => {
      const frames = script.updates.map((update) => dialect.update(p.room, update))
      const offset = (w * interval) / p.writers
      for (let k = 0; k < count; k++) {
        await sleepUntil(start + offset + k * interval)
        sent[w][k] = performance.now()
        clients[w].send(frames[k])
      }
    }),
  )
  const uploaded = uploads ? await uploads.stop() : null
  const expected = p.writers * (p.writers - 1) * count
  await pollUntil(() => received === expected, { timeoutMs: 10_000, intervalMs: 10, what: 'all deliveries' }).catch(() => {})
  await closeAll(clients)

  const first = Math.floor(count * p.warmup)
  /** @type {number[]} */
  const all = []
  let missing = 0
  for (let w = 0; w < p.writers; w++) {
    for (let r = 0; r < p.writers; r++) {
      if (r === w) continue
      for (let k = first; k < count; k++) {
        const at = arrivals[w][r][k]
        if (Number.isNaN(at)) missing++
        else all.push(at - sent[w][k])
      }
    }
  }
  const stats = summarize(all)
  return { deliveries: stats.count, missing, p50_ms: stats.p50, p99_ms: stats.p99, max_ms: stats.max, keystrokes: p.writers * count, ...(uploaded ?? {}) }
}

/**
 * Sends a photo every `everyMs` (the next one leaves once the last was answered) until stopped.
 * @param {string} httpBase
 * @param {string} pageId
 * @param {Buffer} photo a JPEG
 * @param {number} everyMs
 */
function startUploads(httpBase, pageId, photo, everyMs) {
  let running = true
  /** @type {number[]} */
  const durations = []
  /** @type {Map<number, number>} */
  const statuses = new Map()
  let bytes = 0
  const nextPhoto = () => {
    // SOI, then a comment segment (FF FE, its length, 16 random bytes), then the rest: another photo.
    const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x12]), randomBytes(16)])
    const data = Buffer.concat([photo.subarray(0, 2), comment, photo.subarray(2)])
    return { data, name: createHash('sha256').update(data).digest('hex') }
  }
  const started = (async () => {
    // The page must be stored before it takes photos (409 until then).
    await pollUntil(async () => (await fetch(`${httpBase}/api/pages/${pageId}`)).status === 200, { timeoutMs: 20_000, intervalMs: 50, what: 'the page stored' })
  })()
  const loop = started.then(async () => {
    const first = performance.now()
    for (let j = 0; running; j++) {
      await sleepUntil(first + j * everyMs)
      if (!running) break
      const { data, name } = nextPhoto()
      const at = performance.now()
      const answer = await fetch(`${httpBase}/api/pages/${pageId}/files/${name}`, { method: 'PUT', body: data, headers: { 'Content-Type': 'image/jpeg' } })
      await answer.arrayBuffer()
      durations.push(performance.now() - at)
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
      if (answer.status === 201) bytes += data.length
    }
  })
  return {
    started,
    async stop() {
      running = false
      await loop
      const upload = summarize(durations)
      return {
        uploads: durations.length,
        uploaded_mb: bytes / 1e6,
        upload_p50_ms: upload.p50,
        upload_statuses: [...statuses].map(([status, n]) => `${status}×${n}`).join(' '),
      }
    },
  }
}
