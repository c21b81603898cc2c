// Child entry (pinned to the server core): SQLite's own write ceiling on this machine, with
// better-sqlite3 as Carnet uses it — WAL, an update-log table, ~30-byte blobs — in a few commit
// modes, one of them the shape of Carnet's own commit (touch the page's row, append the update).
// Prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'

const durationMs = Number(process.env.BENCH_DURATION_MS ?? 2000)
const blob = Buffer.alloc(30, 7)

/**
 * @param {'NORMAL' | 'FULL'} synchronous
 * @param {number} perTransaction
 * @param {boolean} [touchPage] also upsert the page's row (its `updated_at`), as Carnet does per commit
 */
function measure(synchronous, perTransaction, touchPage = false) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sqlite-'))
  const db = new Database(join(dir, 'ceiling.sqlite'))
  try {
    db.pragma('journal_mode = WAL')
    db.pragma(`synchronous = ${synchronous}`)
    db.exec(`CREATE TABLE updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, page_id TEXT NOT NULL, data BLOB NOT NULL, created_at INTEGER NOT NULL);
             CREATE INDEX updates_by_page ON updates (page_id, seq);
             CREATE TABLE pages (id TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '', meta TEXT NOT NULL DEFAULT '{}', created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
             CREATE INDEX pages_by_update ON pages (updated_at DESC);`)
    const insert = db.prepare('INSERT INTO updates (page_id, data, created_at) VALUES (?, ?, ?)')
    const touch = db.prepare(
      'INSERT INTO pages (id, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at',
    )
    let turn = 0
    const batch = db.transaction((/** @type {number} */ n) => {
      const page = `page-${turn++ % 20}`
      if (touchPage) touch.run(page, Date.now(), Date.now())
      for (let i = 0; i < n; i++) insert.run(page, blob, Date.now())
    })
    // A short warm-up, then as many transactions as fit in the time.
    for (let i = 0; i < 200; i++) batch(perTransaction)
    let inserts = 0
    const started = performance.now()
    let now = started
    while (now - started < durationMs) {
      for (let i = 0; i < 50; i++) batch(perTransaction)
      inserts += 50 * perTransaction
      now = performance.now()
    }
    return Math.round(inserts / ((now - started) / 1000))
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

const results = [
  { mode: '1 insert per transaction, synchronous=NORMAL', inserts_per_s: measure('NORMAL', 1) },
  { mode: 'page row upsert + 1 insert per transaction, NORMAL (Carnet’s commit)', inserts_per_s: measure('NORMAL', 1, true) },
  { mode: '100 inserts per transaction, synchronous=NORMAL', inserts_per_s: measure('NORMAL', 100) },
  { mode: '1 insert per transaction, synchronous=FULL', inserts_per_s: measure('FULL', 1) },
]
process.stdout.write(`${JSON.stringify(results)}\n`)
