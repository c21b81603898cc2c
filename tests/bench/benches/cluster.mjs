// 10. City scale: Carnet as one process on PostgreSQL, then as three processes on PostgreSQL and
// Redis (CARNET_DATABASE_URL, CARNET_REDIS_URL), measured the same way. Fan-out: one room, one
// writer on the first process, receivers spread evenly over the processes — p99 for all of them,
// and for those on another process than the writer's (the hop through Redis). Throughput: 20
// pages, each writer on one process and its observer on the next, at rising offered rates — the
// updates per second the processes store and deliver. Needs a PostgreSQL role that may create
// databases and a Redis (CARNET_BENCH_DATABASE_URL and CARNET_BENCH_REDIS_URL, else the test
// variables CARNET_TEST_*); skipped with a line saying so when they are not reachable.
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { SERVER_BUNDLE } from '../contenders/carnet.mjs'
import { runLoad } from '../load/run-load.mjs'
import { progress } from '../lib/log.mjs'
import { HOST, freePort, httpGet } from '../lib/net.mjs'
import { LOAD_CORE, exited, spawnPinned } from '../lib/processes.mjs'
import { REPO_ROOT } from '../lib/trace.mjs'
import { sleep } from '../lib/wait.mjs'

/** @type {import('../lib/results.mjs').BenchSpec} */
export const spec = {
  name: 'cluster',
  title: '10. City scale: 3 relay processes on PostgreSQL + Redis vs 1 process on PostgreSQL',
  about:
    'Fan-out: one room, one writer typing 20 characters/s on the first process, receivers spread evenly over the processes; "cross" = receivers on another process than the writer’s (through Redis); "last" = per keystroke, the last receiver. Throughput: 20 pages, the writer of each on one process and its observer on the next (every update crosses processes when there are 3); offered = keystrokes/s sent in total, accepted = delivered to the observers per second until the last delivery (a backlog counts at the rate it drains). Carnet’s per-socket limit is lifted for the throughput runs. The ×3÷×1 rows divide the 3-process figure by the 1-process one.',
  params: ['measure', 'offered_per_s'],
  metrics: ['receivers', 'p50_ms', 'p99_ms', 'cross_p99_ms', 'last_p99_ms', 'accepted_per_s', 'missing'],
  ratioMetrics: [],
  usesContenders: false,
}

const VARIANTS = [
  { label: 'carnet ×1 (PostgreSQL)', processes: 1, redis: false },
  { label: 'carnet ×3 (PostgreSQL + Redis)', processes: 3, redis: true },
]
const RATE_PER_S = 20
const PAGES = 20
/** One socket sends hundreds of messages per second here: the flood guard is lifted (as in `durable`). */
const UNLIMITED = { CARNET_MAX_MESSAGES_PER_SECOND: '1000000', CARNET_MESSAGE_BURST: '10000000' }
const RATIO_OF = ['p50_ms', 'p99_ms', 'last_p99_ms', 'accepted_per_s']

// The server's own drivers (pg, ioredis): the bench uses the very copies Carnet runs with.
const serverRequire = createRequire(join(REPO_ROOT, 'server/package.json'))

/** @param {import('../run.mjs').Context} ctx */
export async function run(ctx) {
  const services = await reachServices()
  if ('problem' in services) {
    for (const variant of VARIANTS) ctx.results.skip('cluster', variant.label, services.problem)
    return
  }
  const serverCores = cpus()
    .map((_, core) => core)
    .filter((core) => core !== LOAD_CORE)
  ctx.results.note(
    'cluster',
    `Relay processes pinned to core${serverCores.length > 1 ? 's' : ''} ${serverCores.slice(0, 3).join(', ')} (process i on the i-th); PostgreSQL ${services.postgresVersion} and Redis ${services.redisVersion} run unpinned on this machine.` +
      (serverCores.length < 3 ? ` With ${cpus().length} cores, the three processes share ${serverCores.length === 1 ? 'one core' : `${serverCores.length} cores`}: ×3 adds no CPU here, so these figures show what fanning out costs, not what more machines gain.` : ''),
  )
  const sizes = ctx.quick ? [30] : [60, 300]
  const levels = ctx.quick ? [2000] : [1000, 4000, 8000]
  const durationMs = ctx.quick ? 1500 : 5000
  /** @type {Map<string, Record<string, any>[]>} rows by figure, in variant order */
  const figures = new Map()
  const add = (/** @type {string} */ key, /** @type {Record<string, any>} */ row) => figures.set(key, [...(figures.get(key) ?? []), row])

  for (const variant of VARIANTS) {
    const database = await services.createDatabase()
    const prefix = `bench-${randomBytes(3).toString('hex')}:`
    const env = {
      CARNET_DATABASE_URL: database.url,
      CARNET_DATABASE_POOL_SIZE: '10',
      ...(variant.redis ? { CARNET_REDIS_URL: services.redisUrl, CARNET_REDIS_PREFIX: prefix } : {}),
      // Info: a handful of lines at start and stop (kept to explain a failure), none per update.
      CARNET_LOG_LEVEL: 'info',
      ...UNLIMITED,
    }
    try {
      for (const receivers of sizes) {
        const updates = ctx.quick ? 30 : Math.max(200, Math.ceil(2000 / receivers / 0.9) + 1)
        progress(`cluster: ${variant.label}, fan-out to ${receivers} receivers, ${updates} keystrokes`)
        const busy = await ctx.settle('cluster', `${variant.label} fan-out ${receivers}`)
        const relays = await startRelays(variant.processes, serverCores, env)
        try {
          const result = await runLoad(
            'cluster-fanout',
            {
              urlTemplates: relays.map((relay) => `${relay.base}/sync/{room}`),
              room: `fanout-${receivers}`,
              dialect: 'yws',
              receivers,
              updates,
              ratePerS: RATE_PER_S,
              warmup: 0.1,
              writerClientId: 5_000_000 + receivers,
            },
            120_000 + (updates / RATE_PER_S) * 1000,
          )
          add(`fan-out ${receivers}`, {
            bench: 'cluster',
            server: variant.label,
            measure: `fan-out, ${receivers} receivers`,
            receivers,
            p50_ms: result.p50_ms,
            p99_ms: result.p99_ms,
            cross_p99_ms: variant.processes > 1 ? result.cross_p99_ms : undefined,
            last_p99_ms: result.last_p99_ms,
            missing: result.missing,
            busy_pct_at_start: busy,
          })
        } finally {
          await stopRelays(relays)
        }
      }
      for (const offered of levels) {
        progress(`cluster: ${variant.label}, ${offered} keystrokes/s on ${PAGES} pages for ${durationMs / 1000} s`)
        const busy = await ctx.settle('cluster', `${variant.label} ${offered}/s`)
        const relays = await startRelays(variant.processes, serverCores, env)
        try {
          const result = await runLoad(
            'cluster-throughput',
            {
              urlTemplates: relays.map((relay) => `${relay.base}/sync/{room}`),
              dialect: 'yws',
              roomPrefix: `throughput-${offered}`,
              pages: PAGES,
              ratePerS: offered,
              durationMs,
              warmup: 0.1,
              writerClientBase: 6_000_000,
            },
            120_000 + durationMs,
          )
          if (result.refused.length) ctx.results.note('cluster', `${variant.label} at ${offered}/s refused writers: ${result.refused.join('; ')}`)
          add(`throughput ${offered}`, {
            bench: 'cluster',
            server: variant.label,
            measure: 'throughput',
            offered_per_s: offered,
            accepted_per_s: result.delivered / result.delivery_window_s,
            p50_ms: result.p50_ms,
            p99_ms: result.p99_ms,
            missing: result.sent - result.delivered,
            busy_pct_at_start: busy,
          })
        } finally {
          await stopRelays(relays)
        }
      }
    } finally {
      await database.drop()
    }
  }

  for (const rows of figures.values()) {
    for (const row of rows) ctx.results.add(/** @type {any} */ (row))
    const [one, three] = rows
    if (!one || !three) continue
    /** @type {Record<string, any>} */
    const ratio = { bench: 'cluster', server: '×3÷×1', ratio: true, measure: one.measure, offered_per_s: one.offered_per_s }
    for (const metric of RATIO_OF) {
      if (typeof one[metric] === 'number' && typeof three[metric] === 'number' && one[metric] > 0) ratio[`${metric}_ratio`] = three[metric] / one[metric]
    }
    ctx.results.add(/** @type {any} */ (ratio))
  }
}

/**
 * Connects to PostgreSQL and Redis as configured, or says why not.
 * @returns {Promise<{ problem: string } | { redisUrl: string, postgresVersion: string, redisVersion: string, createDatabase: () => Promise<{ url: string, drop: () => Promise<void> }> }>}
 */
async function reachServices() {
  const databaseUrl = process.env.CARNET_BENCH_DATABASE_URL?.trim() || process.env.CARNET_TEST_DATABASE_URL?.trim()
  const redisUrl = process.env.CARNET_BENCH_REDIS_URL?.trim() || process.env.CARNET_TEST_REDIS_URL?.trim()
  if (!databaseUrl || !redisUrl) {
    return {
      problem: `needs PostgreSQL and Redis: set CARNET_BENCH_DATABASE_URL=postgres://user:password@127.0.0.1:5432/db (a role that may create databases) and CARNET_BENCH_REDIS_URL=redis://127.0.0.1:6379${databaseUrl ? '' : ' (no database URL set)'}${redisUrl ? '' : ' (no Redis URL set)'}`,
    }
  }
  const pg = serverRequire('pg')
  const { Redis } = serverRequire('ioredis')
  /** @param {(client: any) => Promise<any>} work */
  const admin = async (work) => {
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 })
    await client.connect()
    try {
      return await work(client)
    } finally {
      await client.end()
    }
  }
  let postgresVersion
  try {
    postgresVersion = await admin(async (client) => (await client.query('SHOW server_version')).rows[0].server_version)
  } catch (error) {
    return { problem: `PostgreSQL not reachable at ${redact(databaseUrl)}: ${/** @type {Error} */ (error).message}` }
  }
  let redisVersion
  const redis = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null })
  redis.on('error', () => {})
  try {
    await redis.connect()
    redisVersion = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? '?'
  } catch (error) {
    return { problem: `Redis not reachable at ${redact(redisUrl)}: ${/** @type {Error} */ (error).message}` }
  } finally {
    redis.disconnect()
  }
  return {
    redisUrl,
    postgresVersion,
    redisVersion,
    async createDatabase() {
      const name = `carnet_bench_${randomBytes(4).toString('hex')}`
      await admin((client) => client.query(`CREATE DATABASE ${name}`))
      const url = new URL(databaseUrl)
      url.pathname = `/${name}`
      return { url: url.toString(), drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)) }
    },
  }
}

/** @param {string} url */
function redact(url) {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'the configured URL'
  }
}

/**
 * Starts `count` relay processes on the same archive, process i pinned to the i-th server core,
 * one after the other (the first runs the schema migration); ready once /healthz answers 200.
 * @param {number} count
 * @param {number[]} cores
 * @param {Record<string, string>} env
 */
async function startRelays(count, cores, env) {
  /** @type {{ base: string, child: import('node:child_process').ChildProcess, output: string[] }[]} */
  const relays = []
  try {
    for (let i = 0; i < count; i++) {
      const port = await freePort()
      const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(CARNET_|PORT$|HOST$)/.test(key)))
      const child = spawnPinned(cores[i % cores.length], process.execPath, [SERVER_BUNDLE, 'serve'], {
        env: { ...clean, ...env, PORT: String(port), HOST },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      /** @type {string[]} */
      const output = []
      for (const stream of [child.stdout, child.stderr]) {
        createInterface({ input: /** @type {import('node:stream').Readable} */ (stream) }).on('line', (line) => {
          output.push(line)
          if (output.length > 30) output.shift()
        })
      }
      relays.push({ base: `ws://${HOST}:${port}`, child, output })
      const deadline = performance.now() + 60_000
      for (;;) {
        if (child.exitCode !== null) throw new Error(`relay ${i + 1} exited (${child.exitCode}):\n${output.join('\n')}`)
        if ((await httpGet(`http://${HOST}:${port}/healthz`, 1000))?.status === 200) break
        if (performance.now() > deadline) throw new Error(`relay ${i + 1} not ready within 60 s:\n${output.join('\n')}`)
        await sleep(20)
      }
    }
    return relays
  } catch (error) {
    await stopRelays(relays)
    throw error
  }
}

/** @param {{ child: import('node:child_process').ChildProcess }[]} relays */
async function stopRelays(relays) {
  await Promise.all(
    relays.map(async ({ child }) => {
      if (child.exitCode !== null) return
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      child.kill('SIGTERM')
      await exited(child)
      clearTimeout(timer)
    }),
  )
}
