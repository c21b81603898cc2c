// Photos while people type: W writers in one room, each typing at its own steady rate (staggered,
// not in step), every writer stamping the others' keystrokes as they arrive; optionally, one
// phone's worth of photos sent meanwhile — a photo of `photoBytes`, PUT again and again under a
// new name (a comment segment of random bytes after the JPEG's start: another photo to the relay,
// hashed, checked and stored in full), from a thread of its own (photo-uploader.mjs), in every
// other window of `windowMs` (the first without). Latency per delivery (p50, p99, max), and with
// uploads, the same for the keystrokes typed in each kind of window: compared within one run,
// they share the machine's moods, which separate runs a minute apart do not.
import { Worker } from 'node:worker_threads'
import { DIALECTS } from '../../protocol/dialects.mjs'
import { typingScript } from '../../lib/page-doc.mjs'
import { summarize } from '../../lib/stats.mjs'
import { pollUntil } from '../../lib/wait.mjs'
import { RawClient } from '../client.mjs'
import { clockIndex, closeAll, openAll, roomUrl, sleepUntil, stampArrival } from '../common.mjs'

/**
 * @param {{ urlTemplate: string, room: string, dialect: string, writers: number, ratePerS: number, seconds: number, warmup: number, upload: { httpBase: string, photoPath: string, everyMs: number, windowMs: number } | null }} p
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

  const uploads = p.upload
    ? startUploads(p.upload.httpBase, p.room, p.upload.photoPath, p.upload.everyMs, p.upload.windowMs, Math.ceil((p.seconds * 1000) / p.upload.everyMs / 2) + 2)
    : null
  if (uploads) await uploads.started
  ctl.emit('ready')

  const interval = 1000 / p.ratePerS
  const start = performance.now() + 50
  uploads?.go(performance.timeOrigin + start)
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
  /** Latencies of the keystrokes typed in windows without photos [0] and with [1]. */
  /** @type {[number[], number[]]} */
  const byWindow = [[], []]
  let missing = 0
  for (let w = 0; w < p.writers; w++) {
    for (let r = 0; r < p.writers; r++) {
      if (r === w) continue
      for (let k = first; k < count; k++) {
        const at = arrivals[w][r][k]
        if (Number.isNaN(at)) {
          missing++
          continue
        }
        const latency = at - sent[w][k]
        all.push(latency)
        if (p.upload) byWindow[Math.floor((sent[w][k] - start) / p.upload.windowMs) % 2].push(latency)
      }
    }
  }
  const stats = summarize(all)
  const windows = p.upload ? { without: summarize(byWindow[0]), with: summarize(byWindow[1]) } : null
  return {
    deliveries: stats.count,
    missing,
    p50_ms: stats.p50,
    p99_ms: stats.p99,
    max_ms: stats.max,
    keystrokes: p.writers * count,
    ...(windows
      ? {
          without: { deliveries: windows.without.count, p50_ms: windows.without.p50, p99_ms: windows.without.p99, max_ms: windows.without.max },
          with: { deliveries: windows.with.count, p50_ms: windows.with.p50, p99_ms: windows.with.p99, max_ms: windows.with.max },
        }
      : {}),
    ...(uploaded ?? {}),
  }
}

/**
 * Starts the phone that sends photos (photo-uploader.mjs, a thread of its own) and stops it.
 * @param {string} httpBase
 * @param {string} pageId
 * @param {string} photoPath a JPEG
 * @param {number} everyMs
 * @param {number} windowMs
 * @param {number} count photos prepared beforehand (enough for the windows with photos, and a few)
 */
function startUploads(httpBase, pageId, photoPath, everyMs, windowMs, count) {
  const worker = new Worker(new URL('../photo-uploader.mjs', import.meta.url), { workerData: { httpBase, pageId, photoPath, everyMs, windowMs, count } })
  /** @type {Promise<Record<string, number | string>>} */
  const report = new Promise((resolve, reject) => {
    worker.on('message', (message) => {
      if (message.report) resolve(message.report)
    })
    worker.on('error', reject)
    worker.on('exit', (code) => reject(new Error(`the photo uploader stopped (exit code ${code}) before reporting`)))
  })
  const started = new Promise((resolve, reject) => {
    worker.on('message', (message) => {
      if (message.started) resolve(undefined)
    })
    report.catch(reject)
  })
  return {
    started,
    /** @param {number} startAt when the typing starts: performance.timeOrigin + performance.now() */
    go(startAt) {
      worker.postMessage({ startAt })
    },
    async stop() {
      worker.postMessage('stop')
      const result = await report
      await worker.terminate()
      return result
    },
  }
}
