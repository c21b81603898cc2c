// 5. Large page: the real editing trace "automerge-paper" (Martin Kleppmann, from automerge-perf,
// in Joseph Gentle's josephg/editing-traces collection; CC BY 4.0) typed into one page, one update
// per edit (259,778). Then: the time for a fresh client to receive the page from a cold server
// (just restarted: load from storage + sync), and the bytes stored, for the log as stored and after
// the server's compaction (what it does once the page is left). The floor is `Y.applyUpdate` of
// the same state in one process.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import { runLoad } from '../load/run-load.mjs'
import { progress } from '../lib/log.mjs'
import { SERVER_CORE, exited, spawnPinned, waitIdle } from '../lib/processes.mjs'
import { httpGet } from '../lib/net.mjs'
import { median } from '../lib/stats.mjs'
import { TRACE_ATTRIBUTION, loadTrace, replayIntoPage } from '../lib/trace.mjs'
import { pollUntil, sleep, withTimeout } from '../lib/wait.mjs'

const FLOOR_CHILD = fileURLToPath(new URL('./apply-floor-child.mjs', import.meta.url))

/**
 * One socket sends the whole trace, far past Carnet's default of 200 messages/s per socket (a
 * guard against floods): the limit is lifted here, and only here. Typing speed is not what this
 * bench measures.
 */
const UNLIMITED = { CARNET_MAX_MESSAGES_PER_SECOND: '1000000', CARNET_MESSAGE_BURST: '10000000' }

/** @type {import('../lib/results.mjs').BenchSpec} */
export const spec = {
  name: 'large',
  title: '5. Large page (automerge-paper trace, one update per edit)',
  about:
    'Load = from opening the socket to the whole page in hand, on a server just restarted (median of runs); sync = bytes the client received; stored = bytes the server keeps for it (every SQLite BLOB — Carnet’s log, snapshot and page versions —, LevelDB files); ingest = edits per second the server forwarded while the trace was typed (at most 500 unconfirmed); storage settle = how long the server kept working after the last edit was forwarded (writing behind). "as stored": once the server is idle after typing (then killed); "compacted": after the page was loaded and left once. Floor: `Y.applyUpdate` of the same state into a fresh document in a fresh process.',
  params: ['phase'],
  metrics: ['load_ms', 'sync_bytes', 'stored_bytes', 'disk_bytes', 'ingest_per_s', 'storage_settle_s', 'text_ok'],
  ratioMetrics: ['load_ms', 'sync_bytes', 'stored_bytes', 'disk_bytes', 'ingest_per_s'],
  floorIgnoresParams: true,
}

/** @param {import('../run.mjs').Context} ctx */
export async function run(ctx) {
  const trace = loadTrace()
  const edits = ctx.quick ? 20_000 : trace.txns.length
  const runs = ctx.quick ? 1 : 3
  ctx.results.note('large', `${edits.toLocaleString('en-US')} edits of the trace. ${TRACE_ATTRIBUTION}.`)
  ctx.results.note('large', `Carnet runs here with CARNET_MAX_MESSAGES_PER_SECOND=${UNLIMITED.CARNET_MAX_MESSAGES_PER_SECOND} and CARNET_MESSAGE_BURST=${UNLIMITED.CARNET_MESSAGE_BURST}: one socket types the whole trace.`)

  // The floor, and a check of the trace itself: replayed into Yjs it must end at `endContent`.
  const { doc } = replayIntoPage(trace, { clientID: 4_000_000, count: edits, keepUpdates: false })
  const state = Y.encodeStateAsUpdate(doc)
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-state-'))
  const stateFile = join(stateDir, 'state.bin')
  writeFileSync(stateFile, state)
  try {
    /** @type {{ cold_ms: number, warm_ms: number }[]} */
    const floors = []
    for (let i = 0; i < 3; i++) {
      const child = spawnPinned(SERVER_CORE, process.execPath, [FLOOR_CHILD], { env: { ...process.env, BENCH_STATE_FILE: stateFile }, stdio: ['ignore', 'pipe', 'inherit'] })
      let out = ''
      child.stdout?.on('data', (chunk) => (out += chunk))
      await withTimeout(exited(child), 60_000, 'Y.applyUpdate floor')
      floors.push(JSON.parse(out))
    }
    ctx.results.add({
      bench: 'large',
      server: 'floor',
      phase: 'Y.applyUpdate',
      load_ms: median(floors.map((f) => f.cold_ms)),
      warm_load_ms: median(floors.map((f) => f.warm_ms)),
      sync_bytes: state.length,
    })
  } finally {
    rmSync(stateDir, { recursive: true, force: true })
  }

  /** @type {{ contender: import('../contenders/index.mjs').Contender, label: string, env?: Record<string, string>, compact: boolean }[]} */
  const variants = []
  for (const contender of ctx.contenders) {
    // A quick run types into Carnet only.
    if (!contender.persistent || (ctx.quick && contender.name !== 'carnet')) continue
    variants.push({ contender, label: contender.name, env: contender.name === 'carnet' ? UNLIMITED : undefined, compact: true })
    // What the log itself costs, without Carnet's compaction every 500 updates (full runs only).
    if (contender.name === 'carnet' && !ctx.quick) {
      variants.push({ contender, label: 'carnet (no compaction)', env: { ...UNLIMITED, CARNET_COMPACT_AFTER_UPDATES: '10000000' }, compact: false })
    }
  }
  for (const { contender, label, env, compact } of variants) {
    const dir = ctx.tmpDir(`large-${contender.name}`)
    const room = 'automerge-paper'
    progress(`large: typing ${edits} edits into ${label}`)
    const busy = await ctx.settle('large', label)
    let server = await contender.start({ dataDir: dir, env, label: 'large-typing' })
    const urlTemplate = () => contender.roomUrl(server.base, '{room}')
    try {
      const typed = await runLoad(
        'type-trace',
        { urlTemplate: urlTemplate(), dialect: contender.dialect, room, edits, clientID: 4_000_000, window: 500, stallMs: 30_000 },
        1_800_000,
      )
      if (typed.forwarded < typed.updates) {
        ctx.results.note('large', `${label}: only ${typed.forwarded} of ${typed.updates} updates came back while typing`)
      }
      // Write-behind stores (LevelDB's queue, Hocuspocus' 2 s debounce) finish before the kill.
      const settleMs = await waitIdle(server.pid, { idleMs: 2500, maxMs: 600_000 })
      await server.kill9()

      const phases = [{ phase: 'as stored', ingest_per_s: typed.updates / (typed.ms / 1000), storage_settle_s: settleMs / 1000 }]
      // A quick run does not wait for the compaction (Carnet's comes 5 s after the page is left).
      if (compact && !ctx.quick) phases.push({ phase: 'compacted', ingest_per_s: NaN, storage_settle_s: NaN })
      for (const { phase, ingest_per_s, storage_settle_s } of phases) {
        if (phase === 'compacted') {
          // Load the page once and leave it: each server does what it does with a page left alone
          // (Carnet compacts it on unload, 5 s after the last client), then a polite stop.
          progress(`large: ${label}, letting the server compact the page`)
          server = await contender.start({ dataDir: dir, env, port: server.port })
          await runLoad('cold-load', { urlTemplate: urlTemplate(), dialect: contender.dialect, room, edits }, 300_000)
          if (contender.name === 'carnet') {
            // Carnet tells when it unloaded (and compacted) the page.
            await pollUntil(async () => JSON.parse((await httpGet(`${server.httpBase}/healthz`))?.body ?? '{}').pagesLoaded === 0, {
              timeoutMs: 60_000,
              intervalMs: 100,
              what: 'carnet unloaded the page',
            })
          }
          await sleep(1000)
          await waitIdle(server.pid, { idleMs: 2500, maxMs: 120_000 })
          await server.stop(60_000)
        }
        const stored = contender.stored(dir)
        if (stored.detail) {
          const parts = Object.entries(stored.detail).map(([table, bytes]) => `${table} ${bytes.toLocaleString('en-US')}`)
          ctx.results.note('large', `${label} (${phase}) stores, in bytes per table: ${parts.join(', ')}.`)
        }
        // Every run starts from the same storage: a server may rewrite it when it loads (y-leveldb
        // folds a long log on the first read).
        const pristine = `${dir}.${phase.replace(/\W/g, '-')}`
        cpSync(dir, pristine, { recursive: true })
        /** @type {number[]} */
        const times = []
        let textOk = true
        let syncBytes = 0
        for (let i = 0; i < runs; i++) {
          progress(`large: ${label}, ${phase}, cold load ${i + 1}/${runs}`)
          rmSync(dir, { recursive: true, force: true })
          cpSync(pristine, dir, { recursive: true })
          server = await contender.start({ dataDir: dir, env, port: server.port })
          const loaded = await runLoad('cold-load', { urlTemplate: urlTemplate(), dialect: contender.dialect, room, edits }, 300_000)
          // Killed at once: nothing may change the storage between the runs of a phase.
          await server.kill9()
          if (typeof loaded.load_ms === 'number') times.push(loaded.load_ms)
          textOk &&= loaded.text_ok
          syncBytes = loaded.state_bytes
        }
        rmSync(pristine, { recursive: true, force: true })
        ctx.results.add({
          bench: 'large',
          server: label,
          phase,
          load_ms: times.length ? median(times) : undefined,
          sync_bytes: syncBytes,
          stored_bytes: stored.stored_bytes,
          disk_bytes: stored.disk_bytes,
          ingest_per_s: Number.isNaN(ingest_per_s) ? undefined : ingest_per_s,
          storage_settle_s: Number.isNaN(storage_settle_s) ? undefined : storage_settle_s,
          text_ok: textOk,
          busy_pct_at_start: busy,
        })
        if (!textOk) ctx.results.note('large', `${label} (${phase}): the page read back does NOT end at the trace's text`)
      }
    } finally {
      await server.stop()
    }
  }
}
