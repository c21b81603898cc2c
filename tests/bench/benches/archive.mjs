// Archives of meeting pages, written once per contender and run through the protocol (so each
// server stores them its own way), then shared by the idle-memory and cold-start benches.
import { runLoad } from '../load/run-load.mjs'
import { progress } from '../lib/log.mjs'
import { waitIdle } from '../lib/processes.mjs'

/** Edits of the trace in one meeting page: ~2,000 words, ~23 KB of Yjs state. */
export const MEETING_PAGE_EDITS = 20_000
export const PAGE_PREFIX = 'meeting'

/**
 * Writes `count` pages through a running server.
 * @param {import('../contenders/index.mjs').Contender} contender
 * @param {import('../contenders/server-process.mjs').ServerHandle} server
 * @param {number} from
 * @param {number} count
 */
export async function seedPages(contender, server, from, count) {
  const result = await runLoad(
    'pages',
    {
      mode: 'seed',
      urlTemplate: contender.roomUrl(server.base, '{room}'),
      dialect: contender.dialect,
      roomPrefix: PAGE_PREFIX,
      from,
      count,
      traceEdits: MEETING_PAGE_EDITS,
      concurrency: 32,
    },
    600_000,
  )
  if (result.failed > 0) throw new Error(`${contender.name}: ${result.failed} of ${count} pages could not be written`)
  return result
}

/**
 * The data directory of an archive of at least `count` pages for a persistent contender.
 * @param {import('../run.mjs').Context} ctx
 * @param {import('../contenders/index.mjs').Contender} contender
 * @param {number} count
 * @returns {Promise<{ dir: string, count: number, state_bytes: number, seed_ms: number }>}
 */
export async function ensureArchive(ctx, contender, count) {
  const cached = ctx.archives.get(contender.name)
  if (cached && cached.count >= count) return cached
  const dir = cached?.dir ?? ctx.tmpDir(`archive-${contender.name}`)
  const from = cached?.count ?? 0
  progress(`archive: writing ${count - from} meeting pages into ${contender.name}`)
  const server = await contender.start({ dataDir: dir })
  try {
    const result = await seedPages(contender, server, from, count - from)
    // Stores that write behind (LevelDB's queue, Hocuspocus' debounce) finish before the polite stop.
    await waitIdle(server.pid, { idleMs: 2500, maxMs: 600_000 })
    const archive = { dir, count, state_bytes: result.state_bytes, seed_ms: (cached?.seed_ms ?? 0) + result.ms }
    ctx.archives.set(contender.name, archive)
    return archive
  } finally {
    await server.stop()
  }
}
