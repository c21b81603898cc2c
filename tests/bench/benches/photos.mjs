// 13. A photo uploaded while 20 people type: 20 writers in one room, 3 keystrokes a second each
// (staggered), every writer stamping the others' keystrokes; the same on a fresh server while
// 2 MB photos arrive, one a second — more than a meeting of 20 takes — each a new photo: hashed,
// checked by libvips for its type and location, stored in SQLite. Keystroke p99 with the uploads ÷ without: the issue's
// target is at most 1.10. The rounds alternate (without, with, …) so a machine getting busier
// weighs on both. Carnet only: the stock server takes no photos; its keystroke figures without
// uploads are measured beside Carnet's for scale.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { LoadRun } from '../load/run-load.mjs'
import { othersMeter } from '../lib/quiet.mjs'
import { progress } from '../lib/log.mjs'
import { median } from '../lib/stats.mjs'

/** @type {import('../lib/results.mjs').BenchSpec} */
export const spec = {
  name: 'photos',
  title: '13. A 2 MB photo uploaded while 20 people type',
  about:
    'One room, 20 writers at 3 keystrokes/s each, every writer receiving the 19 others (latency per delivery, first 10 % dropped). "uploading": a 2 MB JPEG PUT once a second under a new name for the whole run (its answer time: upload p50). Ratio = p99 uploading ÷ p99 typing alone (median over the rounds; target ≤ 1.10). The stock server takes no photos: its "typing alone" row is for scale.',
  params: ['phase'],
  metrics: ['p50_ms', 'p99_ms', 'max_ms', 'deliveries', 'missing', 'uploads', 'uploaded_mb', 'upload_p50_ms', 'p99_ratio'],
  ratioMetrics: ['p50_ms', 'p99_ms', 'max_ms'],
}

const WRITERS = 20
const RATE_PER_S = 3
const PHOTO_BYTES = 2 * 1024 * 1024
const UPLOAD_EVERY_MS = 1_000

/** @param {import('../run.mjs').Context} ctx */
export async function run(ctx) {
  const carnet = ctx.contenders.find((c) => c.name === 'carnet')
  const seconds = ctx.quick ? 12 : 30
  const rounds = ctx.quick ? 1 : 3
  const photoPath = join(ctx.tmpDir('photos-photo'), 'paperboard.jpg')
  const photoSize = await writePhoto(photoPath)
  progress(`photos: a ${(photoSize / 1e6).toFixed(2)} MB JPEG, ${WRITERS} writers × ${RATE_PER_S}/s for ${seconds} s, ${rounds} round(s)`)

  /** @type {Record<string, number[]>} */
  const p99 = { alone: [], uploading: [] }
  for (let round = 0; round < rounds; round++) {
    for (const contender of ctx.contenders) {
      if (contender.dialect !== 'yws' || contender.name === 'floor') continue
      const phases = contender === carnet ? ['typing alone', 'uploading'] : ['typing alone']
      for (const phase of phases) {
        const what = `${contender.name}, ${phase}, round ${round + 1}`
        progress(`photos: ${what}`)
        const busy = await ctx.settle('photos', what)
        const server = await contender.start({ dataDir: ctx.tmpDir(`photos-${contender.name}`), label: `photos-${phase}` })
        /** @type {LoadRun | null} */
        let load = null
        try {
          const room = `photos-${round}-${phase === 'uploading' ? 'up' : 'alone'}`
          load = new LoadRun(
            'photo-typing',
            {
              urlTemplate: contender.roomUrl(server.base, '{room}'),
              room,
              dialect: contender.dialect,
              writers: WRITERS,
              ratePerS: RATE_PER_S,
              seconds,
              warmup: 0.1,
              upload: phase === 'uploading' ? { httpBase: server.httpBase, photoPath, everyMs: UPLOAD_EVERY_MS } : null,
            },
            { timeoutMs: 120_000 + seconds * 1000 },
          )
          const child = load.child
          const meter = othersMeter(() => [server.pid, child.pid])
          const result = await load.result
          const others = ctx.busyDuring('photos', what, meter.stop())
          ctx.results.add({
            bench: 'photos',
            server: contender.name,
            phase: `${phase}${rounds > 1 ? ` (round ${round + 1})` : ''}`,
            p50_ms: result.p50_ms,
            p99_ms: result.p99_ms,
            max_ms: result.max_ms,
            deliveries: result.deliveries,
            missing: result.missing,
            ...(result.uploads !== undefined ? { uploads: result.uploads, uploaded_mb: result.uploaded_mb, upload_p50_ms: result.upload_p50_ms } : {}),
            busy_pct_at_start: busy,
            others_cpu_pct: others,
          })
          if (result.upload_statuses && !/^201×\d+$/.test(result.upload_statuses)) ctx.results.note('photos', `${what}: uploads answered ${result.upload_statuses}`)
          if (contender === carnet) p99[phase === 'uploading' ? 'uploading' : 'alone'].push(result.p99_ms)
        } finally {
          load?.kill()
          await server.stop()
        }
      }
    }
  }
  if (p99.alone.length > 0 && p99.uploading.length > 0) {
    ctx.results.add({ bench: 'photos', server: 'carnet', phase: 'uploading ÷ typing alone', p99_ratio: median(p99.uploading) / median(p99.alone) })
  }
}

/**
 * A phone's photo after Carnet's browser prepared it: 2,048 × 1,536, a JPEG of busy pixels (a
 * paperboard), no metadata; its quality chosen so that it weighs about 2 MB. Seeded: the same
 * photo every run.
 * @param {string} path
 * @returns {Promise<number>} its size in bytes
 */
async function writePhoto(path) {
  const width = 2048
  const height = 1536
  const pixels = Buffer.alloc(width * height * 3)
  let seed = 0x5eed
  for (let i = 0; i < pixels.length; i++) {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0
    pixels[i] = ((i / 3) % width < width / 2 ? 190 : 70) + (seed >>> 26)
  }
  /** @type {Buffer | null} */
  let best = null
  for (const quality of [70, 75, 80, 85, 90, 95]) {
    const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality }).toBuffer()
    if (best === null || Math.abs(jpeg.length - PHOTO_BYTES) < Math.abs(best.length - PHOTO_BYTES)) best = jpeg
  }
  writeFileSync(path, /** @type {Buffer} */ (best))
  return /** @type {Buffer} */ (best).length
}
