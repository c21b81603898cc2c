// The SQLite schema and its migrations, versioned with `PRAGMA user_version`. A file written by a
// newer Carnet is refused rather than silently misread.
import type Database from 'better-sqlite3'

const MIGRATIONS: readonly string[] = [
  // 1: pages, their update log, and one compacted snapshot per page.
  `CREATE TABLE pages (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL DEFAULT '',
     meta TEXT NOT NULL DEFAULT '{}',
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE INDEX pages_by_update ON pages (updated_at DESC);
   -- AUTOINCREMENT: a seq is never reused, even after compaction deleted the largest ones,
   -- so "seq > snapshot seq" always means "not in the snapshot".
   CREATE TABLE updates (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     page_id TEXT NOT NULL,
     data BLOB NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX updates_by_page ON updates (page_id, seq);
   CREATE TABLE snapshots (
     page_id TEXT PRIMARY KEY,
     seq INTEGER NOT NULL,
     data BLOB NOT NULL
   );`,
  // 2: who may write a page. Kept apart from `pages`: a page is claimed before it is written.
  `CREATE TABLE page_access (
     page_id TEXT PRIMARY KEY,
     key_hash TEXT,
     open_to_all INTEGER NOT NULL DEFAULT 0,
     closed INTEGER NOT NULL DEFAULT 0
   );`,
]

export const SCHEMA_VERSION = MIGRATIONS.length

export class SchemaTooNewError extends Error {
  constructor(found: number) {
    super(`The archive's schema is version ${found}, newer than this Carnet's (${SCHEMA_VERSION}): upgrade Carnet`)
    this.name = 'SchemaTooNewError'
  }
}

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > SCHEMA_VERSION) throw new SchemaTooNewError(current)
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!)
      db.pragma(`user_version = ${version + 1}`)
    })()
  }
}
