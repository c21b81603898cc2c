// `pnpm bench` (full, many minutes) and `pnpm bench --quick` (a subset, under 90 s): Carnet
// measured against what a user would pick instead — the stock y-websocket server (with and
// without its LevelDB persistence), Hocuspocus with SQLite — and against the floor (a raw ws
// forwarder), on this machine, in this run, as ratios. Servers run pinned to core 0, load
// generators (and this process, and the browsers) to core 1. Prints Markdown tables and writes
// tests/bench/results/latest.json and latest.md (partial.* for a run narrowed with --only or
// --contenders). Never asserts a time: a benchmark measures.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CONTENDERS, FLOOR, QUICK_CONTENDERS, SUBJECT } from './contenders/index.mjs'
import { SERVER_BUNDLE, profileCarnetInto } from './contenders/carnet.mjs'
import { checkHocuspocusFraming } from './contenders/hocuspocus-check.mjs'
import { parseArgs } from './lib/cli.mjs'
import { progress } from './lib/log.mjs'
import { machineInfo } from './lib/machine.mjs'
import { formatSummary, summarizeProfile } from './lib/profile-summary.mjs'
import { LOAD_CORE, installCleanup, killAll, pinSelf, pinningProblem } from './lib/processes.mjs'
import { waitQuiet } from './lib/quiet.mjs'
import { GENERAL, Results, buildReport } from './lib/results.mjs'
import { REPO_ROOT, TRACE_ATTRIBUTION, TRACE_FILE } from './lib/trace.mjs'
import * as cluster from './benches/cluster.mjs'
import * as coldStart from './benches/cold-start.mjs'
import * as durable from './benches/durable.mjs'
import * as fanout from './benches/fanout.mjs'
import * as hostile from './benches/hostile.mjs'
import * as roomLink from './benches/room-link.mjs'
import * as idlePages from './benches/idle-pages.mjs'
import * as largePage from './benches/large-page.mjs'
import * as manyRooms from './benches/many-rooms.mjs'
import * as offline from './benches/offline.mjs'
import * as photos from './benches/photos.mjs'
import * as pwa from './benches/pwa.mjs'
import * as sqliteCeiling from './benches/sqlite-ceiling.mjs'

/**
 * @typedef {object} Context
 * @property {boolean} quick
 * @property {import('./contenders/index.mjs').Contender[]} contenders
 * @property {Results} results
 * @property {(label: string) => string} tmpDir a new empty directory, removed at the end
 * @property {Map<string, { dir: string, count: number, state_bytes: number, seed_ms: number }>} archives
 * @property {{ mode: string, inserts_per_s: number }[] | null} sqliteCeiling
 * @property {(bench: string, what: string) => Promise<number>} settle before a measured run (with
 *   no server of ours running): waits, bounded, for the machine to be quiet; returns how busy it
 *   was (% CPU used by other processes) and notes it when too busy
 * @property {(bench: string, what: string, othersPct: number) => number} busyDuring records how much
 *   CPU other processes used during a measured run (noted when too much); returns it rounded
 */

// In the order they run: the SQLite ceiling first (the durable bench refers to it), cold start
// after the idle pages (it reuses their archives).
const BENCHES = [sqliteCeiling, fanout, manyRooms, durable, idlePages, coldStart, largePage, pwa, offline, cluster, hostile, roomLink, photos]
// In the order of the report (the numbering).
const REPORTED = [fanout, manyRooms, idlePages, sqliteCeiling, durable, largePage, coldStart, pwa, offline, cluster, hostile, roomLink, photos]
// Left out of a quick run unless named with --only: the cluster needs PostgreSQL and Redis, and
// time; the photos bench types for 12 s on three servers (a minute).
const NOT_QUICK = ['cluster', 'photos']
const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url))
const QUIET_BUDGET_MS = 15 * 60_000

const USAGE = `Usage: pnpm bench [--quick] [--only=${BENCHES.map((b) => b.spec.name).join(',')}] [--contenders=${CONTENDERS.map((c) => c.name).join(',')}] [--keep]

  --quick        a subset (fewer clients, shorter loads, floor + carnet + y-websocket; no cluster), under 90 s
  --only=…       run only these benches
  --contenders=… run only these contenders (the floor and carnet are worth keeping for the ratios)
  --keep         keep the temporary data directories (their path is printed)
  --profile      CPU profiles of Carnet's processes (V8 --cpu-prof), each summarized in a .txt, in
                 tests/bench/results/profiles/ (processes killed with -9 leave none)`

async function main() {
  const options = parseArgs(process.argv.slice(2), BENCHES.map((b) => b.spec.name))
  if (options.help) {
    console.log(USAGE)
    return
  }
  installCleanup()
  pinSelf(LOAD_CORE)
  const started = performance.now()
  const results = new Results()
  if (!existsSync(SERVER_BUNDLE)) throw new Error(`${SERVER_BUNDLE} is missing: run \`pnpm build\` first (\`pnpm bench\` does)`)
  if (!existsSync(TRACE_FILE)) throw new Error(`the editing trace is missing: ${TRACE_FILE}`)
  // Other people may rebuild the server while a long run goes on: say so if the bundle changes.
  const bundleAtStart = bundleHash()
  const problem = pinningProblem()
  if (problem) results.note(GENERAL, `Warning: ${problem}; figures are less comparable.`)

  const profileDir = options.profile ? join(RESULTS_DIR, 'profiles', new Date().toISOString().replace(/[:.]/g, '-')) : null
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true })
    profileCarnetInto(profileDir)
  }

  const names = options.contenders ?? (options.quick ? QUICK_CONTENDERS : CONTENDERS.map((c) => c.name))
  let contenders = CONTENDERS.filter((c) => names.includes(c.name))
  let waitedInAll = 0
  /** @type {Map<string, Map<string, string>>} runs measured on a busy machine, by bench and run */
  const busyRuns = new Map()
  const root = mkdtempSync(join(tmpdir(), 'carnet-bench-'))
  /** @type {Context} */
  const ctx = {
    quick: options.quick,
    contenders,
    results,
    tmpDir: (label) => mkdtempSync(join(root, `${label}-`)),
    archives: new Map(),
    sqliteCeiling: null,
    async settle(bench, what) {
      // A quick run does not wait; a full run waits up to a minute each time for other work on the
      // machine to end, and 15 minutes in all.
      const maxWaitMs = options.quick ? 0 : Math.min(60_000, Math.max(0, QUIET_BUDGET_MS - waitedInAll))
      const { busyPct, waitedMs } = await waitQuiet({ maxWaitMs, sampleMs: options.quick ? 250 : 1000 })
      waitedInAll += waitedMs
      if (waitedMs > 5000) progress(`waited ${Math.round(waitedMs / 1000)} s for a quieter machine`)
      if (!busyRuns.has(bench)) busyRuns.set(bench, new Map())
      if (busyPct > 20) busyRuns.get(bench)?.set(what, `${what}: ${Math.round(busyPct)} % at its start`)
      return Math.round(busyPct)
    },
    busyDuring(bench, what, othersPct) {
      // What happened during the run says more than how it started: it replaces it.
      if (!busyRuns.has(bench)) busyRuns.set(bench, new Map())
      if (othersPct > 15) busyRuns.get(bench)?.set(what, `${what}: ${Math.round(othersPct)} % during the run`)
      else busyRuns.get(bench)?.delete(what)
      return Math.round(othersPct)
    },
  }

  const selected = BENCHES.filter((b) =>
    options.only ? options.only.includes(b.spec.name) : !(options.quick && NOT_QUICK.includes(b.spec.name)),
  )
  try {
    if (contenders.some((c) => c.name === 'hocuspocus') && selected.some((b) => b.spec.usesContenders !== false)) {
      const reason = await hocuspocusProblem(ctx)
      if (reason) {
        results.note(GENERAL, `hocuspocus skipped: ${reason}`)
        contenders = contenders.filter((c) => c.name !== 'hocuspocus')
        ctx.contenders = contenders
      }
    }
    for (const bench of selected) {
      progress(`== ${bench.spec.title}`)
      try {
        await bench.run(ctx)
      } catch (error) {
        const err = /** @type {Error} */ (error)
        progress(`${bench.spec.name} FAILED: ${err.stack ?? err.message}`)
        results.note(bench.spec.name, `FAILED: ${err.message.split('\n')[0]}`)
      }
    }
  } finally {
    if (bundleHash() !== bundleAtStart) {
      results.note(GENERAL, 'Warning: server/dist/carnet.js was rebuilt during this run (by someone else?): its figures may mix two builds of Carnet.')
    }
    for (const [bench, runs] of busyRuns) {
      if (runs.size === 0) continue
      results.note(bench, `Other processes used this machine’s CPU (share of all of it) — ${[...runs.values()].join('; ')}: those figures are less trustworthy.`)
    }
    killAll()
    if (options.keep) progress(`data kept in ${root}`)
    else rmSync(root, { recursive: true, force: true })
  }

  const report = buildReport({
    results,
    specs: REPORTED.map((b) => b.spec),
    machine: { ...machineInfo(REPO_ROOT), carnet_bundle_sha256: bundleAtStart.slice(0, 12) },
    mode: options.quick ? 'quick' : options.only ? `partial (${options.only.join(', ')})` : 'full',
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    durationS: (performance.now() - started) / 1000,
    order: ['node -e 0', FLOOR, SUBJECT, ...CONTENDERS.map((c) => c.name)],
    who: { subject: SUBJECT, floor: FLOOR, competitors: CONTENDERS.map((c) => c.name).filter((n) => n !== SUBJECT && n !== FLOOR) },
    attribution: TRACE_ATTRIBUTION,
  })
  // A run narrowed with --only or --contenders does not replace the last complete one.
  const name = options.only || options.contenders ? 'partial' : 'latest'
  mkdirSync(RESULTS_DIR, { recursive: true })
  writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(report.json, null, 2)}\n`)
  writeFileSync(join(RESULTS_DIR, `${name}.md`), report.markdown)
  process.stdout.write(report.markdown)
  if (profileDir) summarizeProfiles(profileDir)
  progress(`done: tests/bench/results/${name}.json and ${name}.md`)
}

/** @returns {string} the SHA-256 of Carnet's server bundle, as measured */
function bundleHash() {
  return createHash('sha256').update(readFileSync(SERVER_BUNDLE)).digest('hex')
}

/**
 * Writes a readable summary next to each CPU profile.
 * @param {string} dir
 */
function summarizeProfiles(dir) {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const summary = formatSummary(summarizeProfile(JSON.parse(readFileSync(join(dir, file), 'utf8'))))
    writeFileSync(join(dir, file.replace(/\.cpuprofile$/, '.txt')), `${summary}\n`)
  }
  progress(`CPU profiles of Carnet and their summaries (.txt): ${dir}`)
}

/**
 * Can Hocuspocus be measured here? Its packages must load, and our raw framing must agree with
 * @hocuspocus/provider.
 * @param {Context} ctx
 * @returns {Promise<string | null>} why not, or null
 */
async function hocuspocusProblem(ctx) {
  try {
    await import('@hocuspocus/server')
    await import('@hocuspocus/extension-sqlite')
  } catch (error) {
    return `@hocuspocus/server or its SQLite extension cannot load (${/** @type {Error} */ (error).message.split('\n')[0]})`
  }
  const { hocuspocus } = await import('./contenders/hocuspocus.mjs')
  const server = await hocuspocus.start({ dataDir: ctx.tmpDir('hocuspocus-check') })
  try {
    const checked = await checkHocuspocusFraming(server)
    ctx.results.note(GENERAL, `Self-check: ${checked}.`)
    return null
  } catch (error) {
    return `our raw framing does not agree with @hocuspocus/provider (${/** @type {Error} */ (error).message})`
  } finally {
    await server.stop()
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench: ${error.stack ?? error}\n`)
    killAll()
    process.exit(1)
  },
)
