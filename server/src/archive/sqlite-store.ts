// The embedded archive: one SQLite file (better-sqlite3, WAL). Updates are appended to a log, one
// row each, and from time to time a page's log is folded into one snapshot row in the same
// transaction that deletes the rows it covers, so a crash at any point leaves the page whole.
//
// Durability: WAL with `synchronous=NORMAL` by default. A committed transaction is in the WAL file
// before `appendUpdates` returns, so it survives the relay process being killed (kill -9, crash,
// OOM); only a power cut or kernel panic can lose the last transactions. `synchronous=FULL`
// (CARNET_SQLITE_SYNC=full) also survives those, at ~8× fewer commits per second.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { EMPTY_META, type PageMeta } from '@carnet/core'
import type { PageAccess, PageListQuery, PageRecord, PageStore, StoredPage } from './store.js'
import { migrate } from './sqlite-schema.js'

export type SqliteSynchronous = 'normal' | 'full'

export interface SqliteStoreOptions {
  synchronous?: SqliteSynchronous
}

interface PageRow {
  id: string
  meta: string
  created_at: number
  updated_at: number
}

export class SqliteStore implements PageStore {
  readonly db: Database.Database
  private readonly statements

  constructor(readonly file: string, options: SqliteStoreOptions = {}) {
    mkdirSync(dirname(file), { recursive: true })
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`)
    this.db.pragma('busy_timeout = 5000')
    this.db.pragma('foreign_keys = ON')
    migrate(this.db)
    this.statements = {
      snapshot: this.db.prepare<[string], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM snapshots WHERE page_id = ?',
      ),
      updatesAfter: this.db.prepare<[string, number], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM updates WHERE page_id = ? AND seq > ? ORDER BY seq',
      ),
      touchPage: this.db.prepare<[string, number, number]>(
        `INSERT INTO pages (id, created_at, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at`,
      ),
      insertUpdate: this.db.prepare<[string, Uint8Array, number]>(
        'INSERT INTO updates (page_id, data, created_at) VALUES (?, ?, ?)',
      ),
      upsertSnapshot: this.db.prepare<[string, number, Uint8Array]>(
        `INSERT INTO snapshots (page_id, seq, data) VALUES (?, ?, ?)
         ON CONFLICT (page_id) DO UPDATE SET seq = excluded.seq, data = excluded.data`,
      ),
      deleteUpdatesThrough: this.db.prepare<[string, number]>('DELETE FROM updates WHERE page_id = ? AND seq <= ?'),
      saveMeta: this.db.prepare<[string, string, string]>('UPDATE pages SET meta = ?, title = ? WHERE id = ?'),
      getPage: this.db.prepare<[string], PageRow>('SELECT id, meta, created_at, updated_at FROM pages WHERE id = ?'),
      listPages: this.db.prepare<[number, number], PageRow>(
        'SELECT id, meta, created_at, updated_at FROM pages ORDER BY updated_at DESC, id LIMIT ? OFFSET ?',
      ),
      getAccess: this.db.prepare<[string], { key_hash: string | null; open_to_all: number; closed: number }>(
        'SELECT key_hash, open_to_all, closed FROM page_access WHERE page_id = ?',
      ),
      saveAccess: this.db.prepare<[string, string | null, number, number]>(
        `INSERT INTO page_access (page_id, key_hash, open_to_all, closed) VALUES (?, ?, ?, ?)
         ON CONFLICT (page_id) DO UPDATE SET key_hash = excluded.key_hash, open_to_all = excluded.open_to_all, closed = excluded.closed`,
      ),
      check: this.db.prepare('SELECT 1'),
    }
  }

  async loadPage(pageId: string): Promise<StoredPage | null> {
    return this.db.transaction(() => {
      const snapshot = this.statements.snapshot.get(pageId)
      const rows = this.statements.updatesAfter.all(pageId, snapshot?.seq ?? 0)
      if (!snapshot && rows.length === 0) return null
      return {
        snapshot: snapshot ? new Uint8Array(snapshot.data) : null,
        updates: rows.map((row) => new Uint8Array(row.data)),
        lastSeq: rows.at(-1)?.seq ?? snapshot?.seq ?? 0,
      }
    })()
  }

  private readonly appendTransaction = (pageId: string, updates: readonly Uint8Array[], at: number): number => {
    this.statements.touchPage.run(pageId, at, at)
    let seq = 0
    for (const update of updates) {
      seq = Number(this.statements.insertUpdate.run(pageId, update, at).lastInsertRowid)
    }
    return seq
  }

  async appendUpdates(pageId: string, updates: readonly Uint8Array[], at: number): Promise<number> {
    return this.db.transaction(this.appendTransaction)(pageId, updates, at)
  }

  async compact(pageId: string, state: Uint8Array, throughSeq: number): Promise<void> {
    this.db.transaction(() => {
      this.statements.upsertSnapshot.run(pageId, throughSeq, state)
      this.statements.deleteUpdatesThrough.run(pageId, throughSeq)
    })()
  }

  async getAccess(pageId: string): Promise<PageAccess | null> {
    const row = this.statements.getAccess.get(pageId)
    return row ? { keyHash: row.key_hash, openToAll: row.open_to_all === 1, closed: row.closed === 1 } : null
  }

  async saveAccess(pageId: string, access: PageAccess): Promise<void> {
    this.statements.saveAccess.run(pageId, access.keyHash, access.openToAll ? 1 : 0, access.closed ? 1 : 0)
  }

  async saveMeta(pageId: string, meta: PageMeta): Promise<void> {
    this.statements.saveMeta.run(JSON.stringify(meta), meta.title, pageId)
  }

  async getPage(pageId: string): Promise<PageRecord | null> {
    const row = this.statements.getPage.get(pageId)
    return row ? toRecord(row) : null
  }

  async listPages(query: PageListQuery = {}): Promise<PageRecord[]> {
    const limit = Math.min(Math.max(query.limit ?? 100, 1), 1000)
    return this.statements.listPages.all(limit, Math.max(query.offset ?? 0, 0)).map(toRecord)
  }

  async check(): Promise<void> {
    this.statements.check.get()
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close()
  }
}

function toRecord(row: PageRow): PageRecord {
  let meta: PageMeta = { ...EMPTY_META, tags: [] }
  try {
    meta = { ...meta, ...(JSON.parse(row.meta) as Partial<PageMeta>) }
  } catch {
    // A damaged meta column must not hide the page: it is rebuilt from the document on next save.
  }
  return { id: row.id, meta, createdAt: row.created_at, updatedAt: row.updated_at }
}
