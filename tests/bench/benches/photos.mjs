// 13. A photo uploaded while 20 people type: 20 writers in one room, 3 keystrokes a second each
// (staggered), every writer stamping the others' keystrokes, while 2 MB photos arrive, one a
// second — more than a meeting of 20 takes — each a new photo: hashed, checked by libvips for its
// type and location, stored. The photos come in every other 5-second window, and the keystrokes
// typed in windows with photos are compared with those typed in windows without, within the same
// run: on a shared machine, two runs a minute apart differed by a third from neighbours alone,
// more than the effect measured. Keystroke p99 with ÷ without: the target is at most 1.10. Carnet only: the stock server takes no photos; its keystroke figures without
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
    'One room, 20 writers at 3 keystrokes/s each, every writer receiving the 19 others (latency per delivery, first 10 % dropped). Photos: a 2 MB JPEG PUT once a second under a new name, in every other 5-second window of the run; the keystrokes typed in windows with photos are compared with those typed in windows without, in the same run (upload p50: a photo\'s answer time). Ratio = p99 with photos ÷ p99 without, per round, median over the rounds (target ≤ 1.10). The stock server takes no photos: its typing row is for scale.',
  params: ['phase'],
  metrics: ['p50_ms', 'p99_ms', 'max_ms', 'deliveries', 'missing', 'uploads', 'uploaded_mb', 'upload_p50_ms', 'p99_ratio'],
  ratioMetrics: ['p50_ms', 'p99_ms', 'max_ms'],
}

const WRITERS = 20
const RATE_PER_S = 3
const PHOTO_BYTES = 2 * 1024 * 1024
const UPLOAD_EVERY_MS = 1_000
/** Photos in every other window this long. Short enough that a neighbour's burst of a few seconds falls in both kinds. */
const WINDOW_MS = 5_000

/** @param {import('../run.mjs').Context} ctx */
export async function run(ctx) {
  const carnet = ctx.contenders.find((c) => c.name === 'carnet')
  const seconds = ctx.quick ? 20 : 60
  const rounds = ctx.quick ? 1 : 3
  const photoPath = join(ctx.tmpDir('photos-photo'), 'paperboard.jpg')
  const photoSize = await writePhoto(photoPath)
  progress(`photos: a ${(photoSize / 1e6).toFixed(2)} MB JPEG, ${WRITERS} writers × ${RATE_PER_S}/s for ${seconds} s, photos in every other ${WINDOW_MS / 1000} s, ${rounds} round(s)`)

  /** @type {number[]} */
  const ratios = []
  for (let round = 0; round < rounds; round++) {
    for (const contender of ctx.contenders) {
      if (contender.dialect !== 'yws' || contender.name === 'floor') continue
      // The others take no photos: their typing, for scale, once.
      if (contender !== carnet && round > 0) continue
      const uploading = contender === carnet
      const what = `${contender.name}, round ${round + 1}`
      progress(`photos: ${what}`)
      const busy = await ctx.settle('photos', what)
      const server = await contender.start({ dataDir: ctx.tmpDir(`photos-${contender.name}`), label: 'photos' })
      /** @type {LoadRun | null} */
      let load = null
      try {
        load = new LoadRun(
          'photo-typing',
          {
            urlTemplate: contender.roomUrl(server.base, '{room}'),
            room: `photos-${round}`,
            dialect: contender.dialect,
            writers: WRITERS,
            ratePerS: RATE_PER_S,
            seconds,
            warmup: 0.1,
            upload: uploading ? { httpBase: server.httpBase, photoPath, everyMs: UPLOAD_EVERY_MS, windowMs: WINDOW_MS } : null,
          },
          { timeoutMs: 120_000 + seconds * 1000 },
        )
        const child = load.child
        const meter = othersMeter(() => [server.pid, child.pid])
        const result = await load.result
        const others = ctx.busyDuring('photos', what, meter.stop())
        const suffix = rounds > 1 ? ` (round ${round + 1})` : ''
        const common = { bench: 'photos', server: contender.name, busy_pct_at_start: busy, others_cpu_pct: others }
        if (!uploading) {
          ctx.results.add({ ...common, phase: 'typing, no photos', p50_ms: result.p50_ms, p99_ms: result.p99_ms, max_ms: result.max_ms, deliveries: result.deliveries, missing: result.missing })
          continue
        }
        const { without, with: withPhotos } = result
        ctx.results.add({ ...common, phase: `typing, windows without photos${suffix}`, ...without, missing: result.missing })
        ctx.results.add({
          ...common,
          phase: `typing, windows with photos${suffix}`,
          ...withPhotos,
          uploads: result.uploads,
          uploaded_mb: result.uploaded_mb,
          upload_p50_ms: result.upload_p50_ms,
          p99_ratio: withPhotos.p99_ms / without.p99_ms,
        })
        ratios.push(withPhotos.p99_ms / without.p99_ms)
        if (result.upload_statuses && !/^201×\d+$/.test(result.upload_statuses)) ctx.results.note('photos', `${what}: uploads answered ${result.upload_statuses}`)
      } finally {
        load?.kill()
        await server.stop()
      }
    }
  }
  if (ratios.length > 0) ctx.results.add({ bench: 'photos', server: 'carnet', phase: 'with photos ÷ without, median of the rounds', p99_ratio: median(ratios) })
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
