// SQLite's own ceiling for durable writes, measured in the same run on the server core: the
// reference for the durable-throughput target ("within 2× of SQLite's own ceiling").
import { fileURLToPath } from 'node:url'
import { SERVER_CORE, exited, spawnPinned } from '../lib/processes.mjs'
import { withTimeout } from '../lib/wait.mjs'

const CHILD = fileURLToPath(new URL('./sqlite-ceiling-child.mjs', import.meta.url))

/** @type {import('../lib/results.mjs').BenchSpec} */
export const spec = {
  name: 'sqlite',
  title: '4a. SQLite’s own ceiling (better-sqlite3, WAL, ~30-byte blob per row)',
  about: 'Inserts per second into an update-log table, in one process on the server core, no network: the ceiling of durable writes on this machine.',
  params: ['mode'],
  metrics: ['inserts_per_s'],
  ratioMetrics: [],
  // Carnet alone (or no server at all): the contenders are not started for it.
  usesContenders: false,
}

/** @param {import('../run.mjs').Context} ctx */
export async function run(ctx) {
  const child = spawnPinned(SERVER_CORE, process.execPath, [CHILD], {
    env: { ...process.env, BENCH_DURATION_MS: String(ctx.quick ? 500 : 2000) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout?.on('data', (chunk) => (out += chunk))
  const code = await withTimeout(exited(child), 60_000, 'SQLite ceiling child')
  if (code !== 0) throw new Error(`SQLite ceiling child exited with ${code}`)
  /** @type {{ mode: string, inserts_per_s: number }[]} */
  const rows = JSON.parse(out.trim())
  for (const row of rows) ctx.results.add({ bench: 'sqlite', server: 'sqlite', ...row })
  ctx.sqliteCeiling = rows
}
