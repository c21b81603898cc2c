// The embedded archive: one SQLite file (better-sqlite3, WAL). Updates are appended to a log, one
// row each, and from time to time a page's log is folded into one snapshot row in the same
// transaction that deletes the rows it covers, so a crash at any point leaves the page whole.
//
// Durability: WAL with `synchronous=NORMAL` by default. A committed transaction is in the WAL file
// before `appendUpdates` returns, so it survives the relay process being killed (kill -9, crash,
// OOM); only a power cut or kernel panic can lose the last transactions. `synchronous=FULL`
// (CARNET_SQLITE_SYNC=full) also survives those, at ~8× fewer commits per second.
//
// Search: an FTS5 index (accents ignored) over each page's title, body, place and tags, written
// by `indexPage`, which the relay calls a few seconds after changes, never per keystroke; the body
// is the words people wrote, without their template's own (page-index-entry.ts). Results come by
// relevance: pages with every word in their title, then with them in what people wrote, then
// pages that have some only in their template's own text (found through the template they were
// made from) — the most recent first within each. Tags and the
// filing day have columns of their own for filters. History: `page_versions`, append-only.
//
// One relay process writes the file, and its transactions commit in sequence order, so the room
// may compact from its own document: "snapshot of my document + delete seq <= N" is exact here.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { PageMeta } from '@carnet/core'
import type {
  AccessChange,
  CompactResult,
  MemoryState,
  NewPageVersion,
  PageAccess,
  PageIndexEntry,
  PageListQuery,
  PageRecord,
  PageStore,
  PageVersion,
  PageVersionInfo,
  JoinCode,
  PageFileInfo,
  ProjectEntry,
  ProjectQuery,
  SeriesFacts,
  StoredAction,
  StoredDecision,
  StoredFile,
  StoredPage,
  UnsentPage,
} from './store.js'
import { SqliteProjectLists } from './sqlite-project-lists.js'
import { migrate, SCHEMA_VERSION } from './sqlite-schema.js'
import { templatesMatching } from '@carnet/core'
import { filingDay, ftsMatchQuery, searchTerms, tagKey } from './search-keys.js'
import { mergeLog } from './merge-log.js'
import { WalCheckpoints } from './wal-checkpoints.js'
import { ORPHAN_CHUNK_AGE_MS, SqliteFileChunks } from './sqlite-file-chunks.js'
import { PhotoDirectory } from './photo-directory.js'
import { embedDirectoryPhotos } from './backup-photos.js'
import { ALL_PAGE_IDS, listWindow, PAGE_COLUMNS, PAGE_TABLES, parseAccessChange, toAccess, toJoinCode, type StoredJoinCodeRow, toRecord, toVersionInfo, versionsListed, type StoredAccessRow, type StoredPageRow, type StoredVersionRow } from './store-rows.js'
import { dumpFromRows, type PageDump, type PageDumps } from './page-dump.js'

/** `files.data` of a photo kept as pieces. */
const EMPTY_BLOB = new Uint8Array(0)

export type SqliteSynchronous = 'normal' | 'full'

export interface SqliteStoreOptions {
  synchronous?: SqliteSynchronous
  /** How long a write waits for another connection's lock before failing (SQLITE_BUSY). */
  busyTimeoutMs?: number
  /** Caps the file at this many pages: writes past it fail as on a full disk (SQLITE_FULL). */
  maxPages?: number
  /** WAL checkpoints in a worker thread (wal-checkpoints.ts) instead of inside the relay's commits. */
  checkpointsInWorker?: boolean
  /** Told when checkpoints could not be kept off the relay's thread (wal-checkpoints.ts). */
  onCheckpointFailure?: (reason: string) => void
  /**
   * Photos larger than a piece in files beside the archive (photo-directory.ts; the default for an
   * archive on disk) rather than as pieces inside it (sqlite-file-chunks.ts, always read).
   */
  photosInDirectory?: boolean
}

/**
 * How stale a page's `updated_at` may be in the file while it is written many times a second:
 * touching the page's row (and its index) at every commit doubled what each commit writes. Reads
 * through this store first write the late ones, so they always see the last write.
 */
const TOUCH_EVERY_MS = 1000
/** Pages whose last touch is remembered; past it the memory starts again (touching each once more). */
const TOUCHES_REMEMBERED = 10_000

type PageRow = StoredPageRow

type AccessRow = StoredAccessRow

type VersionRow = StoredVersionRow

/** A photo's row: its bytes in `data`, in `chunks` pieces, or in the photo directory. */
type StoredFileRow = { sha256: string; type: string; bytes: number; chunks: number; in_directory: number; data: Buffer }

// A page without a meeting date nor a browser creation time is filed under the day it was first stored.
const FILING_DAY = `COALESCE(NULLIF(p.day, ''), date(p.created_at / 1000, 'unixepoch'))`

/**
 * The shape of a listing: its filters, and for a search how many typed terms may be found through
 * a template's own text (0: none, the search is the index's alone).
 */
type ListShape = { text: boolean; templateTerms: number; tag: boolean; from: boolean; to: boolean }

/** The template a page was made from, read from its stored metadata. */
const PAGE_TEMPLATE = `CASE WHEN json_valid(p.meta) THEN json_extract(p.meta, '$.template') END`

export class SqliteStore implements PageStore, PageDumps {
  readonly shared = false
  readonly db: Database.Database
  private readonly statements
  private readonly appendInTransaction: (pageId: string, updates: readonly Uint8Array[], at: number, touch: boolean) => number
  private readonly saveMetaInTransaction: (pageId: string, meta: PageMeta) => number
  /** Listing statements, one per combination of filters. */
  private readonly listStatements = new Map<string, Database.Statement<Record<string, unknown>, PageRow>>()
  private readonly projectLists: SqliteProjectLists
  private readonly fileChunks: SqliteFileChunks
  /** Where large photos are written; null: as pieces inside the archive. */
  private readonly photos: PhotoDirectory | null
  private readonly checkpoints: WalCheckpoints | null = null
  /** The `updated_at` last written for each page, and the later ones not yet written. */
  private readonly touchedAt = new Map<string, number>()
  private readonly lateTouches = new Map<string, number>()
  private lateTouchTimer: NodeJS.Timeout | null = null

  constructor(readonly file: string, options: SqliteStoreOptions = {}) {
    mkdirSync(dirname(file), { recursive: true })
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`)
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`)
    if (options.maxPages) this.db.pragma(`max_page_count = ${Math.floor(options.maxPages)}`)
    this.db.pragma('foreign_keys = ON')
    migrate(this.db)
    // Off by default: under 1,000 busy rooms the relay's commits waited hundreds of milliseconds
    // behind the worker's checkpoints (bench 2, p99 15 → 400 ms); SQLite's own checkpoints cost
    // about 10 ms now and then instead (docs/performance.md, round 2).
    if (file !== ':memory:' && options.checkpointsInWorker) this.checkpoints = new WalCheckpoints(this.db, file, options.onCheckpointFailure)
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
      touchLate: this.db.prepare<[number, string]>('UPDATE pages SET updated_at = max(updated_at, ?) WHERE id = ?'),
      insertUpdate: this.db.prepare<[string, Uint8Array, number]>(
        'INSERT INTO updates (page_id, data, created_at) VALUES (?, ?, ?)',
      ),
      upsertSnapshot: this.db.prepare<[string, number, Uint8Array]>(
        `INSERT INTO snapshots (page_id, seq, data) VALUES (?, ?, ?)
         ON CONFLICT (page_id) DO UPDATE SET seq = excluded.seq, data = excluded.data`,
      ),
      deleteUpdatesThrough: this.db.prepare<[string, number]>('DELETE FROM updates WHERE page_id = ? AND seq <= ?'),
      saveMeta: this.db.prepare<[string, string, string, string]>('UPDATE pages SET meta = ?, title = ?, day = ? WHERE id = ?'),
      deleteTags: this.db.prepare<[string]>('DELETE FROM page_tags WHERE page_id = ?'),
      insertTag: this.db.prepare<[string, string]>('INSERT OR IGNORE INTO page_tags (page_id, key) VALUES (?, ?)'),
      saveWriters: this.db.prepare<[number, string]>('UPDATE pages SET writers = ? WHERE id = ?'),
      // Unchanged text is not written again: the FTS index would re-tokenize the whole body.
      saveText: this.db.prepare<[string, string, string, string, string]>(
        `INSERT INTO page_text (page_id, title, body, place, tags) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (page_id) DO UPDATE SET title = excluded.title, body = excluded.body, place = excluded.place, tags = excluded.tags
         WHERE title IS NOT excluded.title OR body IS NOT excluded.body OR place IS NOT excluded.place OR tags IS NOT excluded.tags`,
      ),
      getPage: this.db.prepare<[string], PageRow>(`SELECT ${PAGE_COLUMNS} FROM pages p WHERE p.id = ?`),
      insertVersion: this.db.prepare<[string, number, string, number, Uint8Array]>(
        'INSERT INTO page_versions (page_id, created_at, writers, bytes, data) VALUES (?, ?, ?, ?, ?)',
      ),
      listVersions: this.db.prepare<[string, number], VersionRow>(
        'SELECT id, created_at, writers, bytes FROM page_versions WHERE page_id = ? ORDER BY id DESC LIMIT ?',
      ),
      loadVersion: this.db.prepare<[number, string], VersionRow & { data: Buffer }>(
        'SELECT id, created_at, writers, bytes, data FROM page_versions WHERE id = ? AND page_id = ?',
      ),
      getAccess: this.db.prepare<[string], AccessRow>('SELECT key_hash, open_to_all, closed FROM page_access WHERE page_id = ?'),
      claimAccess: this.db.prepare<[string, string | null, number, number]>(
        'INSERT INTO page_access (page_id, key_hash, open_to_all, closed) VALUES (?, ?, ?, ?) ON CONFLICT (page_id) DO NOTHING',
      ),
      updateAccess: this.db.prepare<[number | null, number | null, string], AccessRow>(
        `UPDATE page_access SET open_to_all = COALESCE(?, open_to_all), closed = COALESCE(?, closed) WHERE page_id = ?
         RETURNING key_hash, open_to_all, closed`,
      ),
      check: this.db.prepare('SELECT 1'),
    }
    // Wrapped once: the relay commits a group per turn of the event loop on a busy page.
    this.appendInTransaction = this.db.transaction(this.appendTransaction)
    this.saveMetaInTransaction = this.db.transaction(this.saveMetaTransaction)
    this.projectLists = new SqliteProjectLists(this.db)
    this.fileChunks = new SqliteFileChunks(this.db)
    this.photos = file !== ':memory:' && options.photosInDirectory !== false ? PhotoDirectory.besideArchive(file) : null
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

  private readonly appendTransaction = (pageId: string, updates: readonly Uint8Array[], at: number, touch: boolean): number => {
    if (touch) this.statements.touchPage.run(pageId, at, at)
    let seq = 0
    for (const update of updates) {
      seq = Number(this.statements.insertUpdate.run(pageId, update, at).lastInsertRowid)
    }
    return seq
  }

  async appendUpdates(pageId: string, updates: readonly Uint8Array[], at: number): Promise<number> {
    // The first write of a page in this process always touches it: its row may not exist yet.
    const touchedAt = this.touchedAt.get(pageId)
    const touch = touchedAt === undefined || at - touchedAt >= TOUCH_EVERY_MS || at < touchedAt
    const seq = this.appendInTransaction(pageId, updates, at, touch)
    // Remembered once committed only: a failed commit may have left no row.
    if (touch) {
      if (this.touchedAt.size >= TOUCHES_REMEMBERED) this.touchedAt.clear()
      this.touchedAt.set(pageId, at)
      this.lateTouches.delete(pageId)
    } else {
      this.lateTouches.set(pageId, at)
      this.lateTouchTimer ??= setTimeout(() => this.writeLateTouches(), TOUCH_EVERY_MS).unref()
    }
    return seq
  }

  /** Writes the `updated_at` of pages written to since their last touch. Never throws: retried. */
  private writeLateTouches(): void {
    if (this.lateTouchTimer) clearTimeout(this.lateTouchTimer)
    this.lateTouchTimer = null
    if (this.lateTouches.size === 0 || !this.db.open) return
    try {
      this.db.transaction(() => {
        for (const [pageId, at] of this.lateTouches) this.statements.touchLate.run(at, pageId)
      })()
      for (const [pageId, at] of this.lateTouches) this.touchedAt.set(pageId, at)
      this.lateTouches.clear()
    } catch {
      // A full disk: the appends themselves fail and say so; these wait for the next try.
      this.lateTouchTimer = setTimeout(() => this.writeLateTouches(), TOUCH_EVERY_MS).unref()
    }
  }

  async compact(pageId: string, memory?: MemoryState): Promise<CompactResult | null> {
    return this.db.transaction((): CompactResult | null => {
      if (memory) {
        const { changes } = this.statements.deleteUpdatesThrough.run(pageId, memory.throughSeq)
        this.statements.upsertSnapshot.run(pageId, memory.throughSeq, memory.state)
        return { snapshotBytes: memory.state.length, merged: changes }
      }
      // From what is stored: the transaction holds the file's write lock, so no row can slip in
      // between the read and the delete.
      const snapshot = this.statements.snapshot.get(pageId)
      const rows = this.statements.updatesAfter.all(pageId, snapshot?.seq ?? 0)
      const last = rows.at(-1)
      if (!last) return null
      const state = mergeLog(snapshot ? new Uint8Array(snapshot.data) : null, rows.map((row) => new Uint8Array(row.data)))
      this.statements.upsertSnapshot.run(pageId, last.seq, state)
      this.statements.deleteUpdatesThrough.run(pageId, last.seq)
      return { snapshotBytes: state.length, merged: rows.length }
    })()
  }

  async getAccess(pageId: string): Promise<PageAccess | null> {
    const row = this.statements.getAccess.get(pageId)
    return row ? toAccess(row) : null
  }

  async claimAccess(pageId: string, access: PageAccess): Promise<PageAccess> {
    return this.db.transaction(() => {
      this.statements.claimAccess.run(pageId, access.keyHash, access.openToAll ? 1 : 0, access.closed ? 1 : 0)
      return toAccess(this.statements.getAccess.get(pageId)!)
    })()
  }

  async updateAccess(pageId: string, change: AccessChange): Promise<PageAccess | null> {
    const flag = (value: boolean | undefined) => (value === undefined ? null : value ? 1 : 0)
    const row = this.statements.updateAccess.get(flag(change.openToAll), flag(change.closed), pageId)
    return row ? toAccess(row) : null
  }

  private readonly saveMetaTransaction = (pageId: string, meta: PageMeta): number => {
    const { changes } = this.statements.saveMeta.run(JSON.stringify(meta), meta.title, filingDay(meta), pageId)
    if (changes === 0) return 0
    this.statements.deleteTags.run(pageId)
    for (const tag of meta.tags) this.statements.insertTag.run(pageId, tagKey(tag))
    return changes
  }

  async saveMeta(pageId: string, meta: PageMeta): Promise<void> {
    this.saveMetaInTransaction(pageId, meta)
  }

  async indexPage(pageId: string, entry: PageIndexEntry): Promise<void> {
    this.db.transaction(() => {
      if (this.saveMetaTransaction(pageId, entry.meta) === 0) return
      const { meta } = entry
      this.statements.saveWriters.run(entry.writers, pageId)
      this.statements.saveText.run(pageId, meta.title, entry.text, meta.place, meta.tags.join(', '))
      if (entry.project) this.projectLists.saveInTransaction(pageId, entry.project)
    })()
  }

  async saveProjectEntry(pageId: string, entry: ProjectEntry): Promise<void> {
    this.db.transaction(() => this.projectLists.saveInTransaction(pageId, entry))()
  }

  async pagesWithoutProjectEntry(after: string, limit: number): Promise<string[]> {
    return this.projectLists.pagesWithoutEntry(after, limit)
  }

  async seriesPages(pageId: string): Promise<PageRecord[]> {
    return this.projectLists.seriesPages(pageId)
  }

  async seriesFacts(pageIds: readonly string[]): Promise<Map<string, SeriesFacts>> {
    return this.projectLists.seriesFacts(pageIds)
  }

  async listDecisions(query: ProjectQuery): Promise<StoredDecision[]> {
    return this.projectLists.listDecisions(query)
  }

  async listActions(query: ProjectQuery): Promise<StoredAction[]> {
    return this.projectLists.listActions(query)
  }

  async getPage(pageId: string): Promise<PageRecord | null> {
    this.writeLateTouches()
    const row = this.statements.getPage.get(pageId)
    return row ? toRecord(row) : null
  }

  async listPages(query: PageListQuery = {}): Promise<PageRecord[]> {
    this.writeLateTouches()
    const text = query.text ? ftsMatchQuery(query.text) : null
    const tag = query.tag ? tagKey(query.tag) : ''
    const params: Record<string, unknown> = { ...listWindow(query) }
    // Typed terms some template holds: a page made from that template may have them in its own text.
    const terms = text !== null ? searchTerms(query.text!) : []
    const throughTemplates = terms.some((term) => templatesMatching(term).length > 0)
    const shape: ListShape = {
      text: text !== null,
      templateTerms: throughTemplates ? terms.length : 0,
      tag: tag !== '',
      from: Boolean(query.from),
      to: Boolean(query.to),
    }
    if (shape.text) {
      params.text = text
      // Every term in the title: a column filter over the whole query.
      params.inTitle = `{title} : (${text})`
    }
    terms.forEach((term, i) => {
      if (!throughTemplates) return
      params[`term${i}`] = ftsMatchQuery(term)
      params[`templates${i}`] = JSON.stringify(templatesMatching(term))
    })
    if (shape.tag) params.tag = tag
    if (shape.from) params.from = query.from
    if (shape.to) params.to = query.to
    return this.listStatement(shape).all(params).map(toRecord)
  }

  private listStatement(shape: ListShape): Database.Statement<Record<string, unknown>, PageRow> {
    const key = JSON.stringify(shape)
    let statement = this.listStatements.get(key)
    if (!statement) {
      const where: string[] = []
      let hits = ''
      let order = 'p.updated_at DESC, p.id'
      if (shape.text) {
        hits = `WITH hits AS MATERIALIZED (
            SELECT t.page_id, s.rowid IN (SELECT rowid FROM page_search WHERE page_search MATCH @inTitle) AS in_title
            FROM page_search s JOIN page_text t ON t.id = s.rowid WHERE page_search MATCH @text)`
        if (shape.templateTerms > 0) {
          // Found with the template's help: each term in the index or in the page's template.
          const eachTerm = Array.from(
            { length: shape.templateTerms },
            (_, i) => `(${PAGE_TEMPLATE} IN (SELECT value FROM json_each(@templates${i}))
              OR p.id IN (SELECT t.page_id FROM page_search s JOIN page_text t ON t.id = s.rowid WHERE page_search MATCH @term${i}))`,
          )
          where.push(`(h.page_id IS NOT NULL OR (${eachTerm.join(' AND ')}))`)
        } else {
          where.push('h.page_id IS NOT NULL')
        }
        order = `CASE WHEN h.page_id IS NULL THEN 2 WHEN h.in_title THEN 0 ELSE 1 END, ${order}`
      }
      if (shape.tag) where.push('EXISTS (SELECT 1 FROM page_tags g WHERE g.page_id = p.id AND g.key = @tag)')
      if (shape.from) where.push(`${FILING_DAY} >= @from`)
      if (shape.to) where.push(`${FILING_DAY} <= @to`)
      statement = this.db.prepare<Record<string, unknown>, PageRow>(
        `${hits}
         SELECT ${PAGE_COLUMNS} FROM pages p ${shape.text ? 'LEFT JOIN hits h ON h.page_id = p.id' : ''}
         ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY ${order} LIMIT @limit OFFSET @offset`,
      )
      this.listStatements.set(key, statement)
    }
    return statement
  }

  async saveVersion(pageId: string, version: NewPageVersion): Promise<number> {
    const { lastInsertRowid } = this.statements.insertVersion.run(
      pageId,
      version.createdAt,
      JSON.stringify(version.writers),
      version.state.length,
      version.state,
    )
    return Number(lastInsertRowid)
  }

  async listVersions(pageId: string, limit?: number): Promise<PageVersionInfo[]> {
    return this.statements.listVersions.all(pageId, versionsListed(limit)).map(toVersionInfo)
  }

  async loadVersion(pageId: string, versionId: number): Promise<PageVersion | null> {
    const row = this.statements.loadVersion.get(versionId, pageId)
    return row ? { ...toVersionInfo(row), state: new Uint8Array(row.data) } : null
  }

  async check(): Promise<void> {
    this.statements.check.get()
  }

  async listPageIds(): Promise<string[]> {
    return this.db
      .prepare<[], { id: string }>(ALL_PAGE_IDS)
      .all()
      .map((row) => row.id)
  }

  async dumpPage(pageId: string): Promise<PageDump | null> {
    this.writeLateTouches()
    return this.db.transaction((): PageDump | null => {
      const db = this.db
      const record = db
        .prepare<[string], PageRow & { title: string; day: string }>(`SELECT ${PAGE_COLUMNS}, p.title, p.day FROM pages p WHERE p.id = ?`)
        .get(pageId)
      const snapshot = this.statements.snapshot.get(pageId)
      const updates = db
        .prepare<[string, number], { data: Buffer; created_at: number }>('SELECT data, created_at FROM updates WHERE page_id = ? AND seq > ? ORDER BY seq')
        .all(pageId, snapshot?.seq ?? 0)
      const access = this.statements.getAccess.get(pageId)
      const text = db
        .prepare<[string], { title: string; body: string; place: string; tags: string }>('SELECT title, body, place, tags FROM page_text WHERE page_id = ?')
        .get(pageId)
      const tags = db.prepare<[string], { key: string }>('SELECT key FROM page_tags WHERE page_id = ? ORDER BY key').all(pageId)
      const versions = db
        .prepare<[string], VersionRow & { data: Buffer }>('SELECT id, created_at, writers, bytes, data FROM page_versions WHERE page_id = ? ORDER BY id')
        .all(pageId)
      const files = db
        .prepare<[string], StoredFileRow & { added_at: number }>(
          'SELECT f.sha256, f.type, p.added_at, f.bytes, f.chunks, f.in_directory, f.data FROM page_files p JOIN files f ON f.sha256 = p.sha256 WHERE p.page_id = ? ORDER BY f.sha256',
        )
        .all(pageId)
        .flatMap((row) => {
          const data = this.fileBytesNow(row)
          return data ? [{ ...row, data }] : []
        })
      return dumpFromRows(pageId, { record, snapshot, updates, access: access ? toAccess(access) : null, text, tags, versions, files })
    })()
  }

  async writePage(dump: PageDump): Promise<void> {
    const db = this.db
    db.transaction(() => {
      const { record } = dump
      if (record) {
        db.prepare('INSERT INTO pages (id, title, meta, day, writers, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
          dump.id, record.title, record.meta, record.day, record.writers, record.createdAt, record.updatedAt,
        )
      }
      // The snapshot keeps a sequence number below every row of the log written after it.
      if (dump.snapshot) {
        const last = db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'updates'").get()?.seq ?? 0
        this.statements.upsertSnapshot.run(dump.id, last, dump.snapshot)
      }
      for (const update of dump.updates) this.statements.insertUpdate.run(dump.id, update.data, update.createdAt)
      if (dump.access) this.statements.claimAccess.run(dump.id, dump.access.keyHash, dump.access.openToAll ? 1 : 0, dump.access.closed ? 1 : 0)
      if (dump.text) {
        db.prepare('INSERT INTO page_text (page_id, title, body, place, tags) VALUES (?, ?, ?, ?, ?)').run(
          dump.id, dump.text.title, dump.text.body, dump.text.place, dump.text.tags,
        )
      }
      for (const key of dump.tags) this.statements.insertTag.run(dump.id, key)
      const insertVersion = db.prepare('INSERT INTO page_versions (id, page_id, created_at, writers, bytes, data) VALUES (?, ?, ?, ?, ?, ?)')
      for (const v of dump.versions) insertVersion.run(v.id, dump.id, v.createdAt, v.writers, v.bytes, v.data)
      for (const file of dump.files) {
        db.prepare('INSERT INTO files (sha256, type, bytes, data, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING').run(file.sha256, file.type, file.data.length, file.data, file.addedAt)
        db.prepare('INSERT INTO page_files (page_id, sha256, added_at) VALUES (?, ?, ?)').run(dump.id, file.sha256, file.addedAt)
      }
    })()
  }

  async afterWritingPages(): Promise<void> {
    // AUTOINCREMENT already moves past explicit ids.
  }

  async markUnsent(pageId: string, since: number): Promise<void> {
    this.db.prepare('INSERT INTO link_pending (page_id, since) VALUES (?, ?) ON CONFLICT (page_id) DO NOTHING').run(pageId, since)
  }

  async addUnsentAccessChange(pageId: string, change: AccessChange, since: number): Promise<void> {
    this.db.transaction(() => {
      const row = this.db.prepare<[string], { access_change: string | null }>('SELECT access_change FROM link_pending WHERE page_id = ?').get(pageId)
      const merged = JSON.stringify({ ...parseAccessChange(row?.access_change ?? null), ...change })
      this.db
        .prepare('INSERT INTO link_pending (page_id, since, access_change) VALUES (?, ?, ?) ON CONFLICT (page_id) DO UPDATE SET access_change = excluded.access_change')
        .run(pageId, since, merged)
    })()
  }

  async unsentPages(): Promise<UnsentPage[]> {
    return this.db
      .prepare<[], { page_id: string; since: number; access_change: string | null }>('SELECT page_id, since, access_change FROM link_pending ORDER BY since')
      .all()
      .map((row) => ({ pageId: row.page_id, since: row.since, accessChange: parseAccessChange(row.access_change) }))
  }

  async clearUnsent(pageId: string): Promise<void> {
    this.db.prepare('DELETE FROM link_pending WHERE page_id = ?').run(pageId)
  }

  async removePage(pageId: string): Promise<void> {
    this.lateTouches.delete(pageId)
    this.touchedAt.delete(pageId)
    this.db.transaction(() => {
      for (const table of PAGE_TABLES) this.db.prepare(`DELETE FROM ${table} WHERE page_id = ?`).run(pageId)
      this.db.prepare('DELETE FROM pages WHERE id = ?').run(pageId)
    })()
  }

  async addJoinCode(code: JoinCode): Promise<boolean> {
    const { changes } = this.db
      .prepare('INSERT INTO join_codes (code, page_id, edit_key, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (code) DO NOTHING')
      .run(code.code, code.pageId, code.editKey, code.expiresAt)
    return changes === 1
  }

  async findJoinCode(code: string, now: number): Promise<JoinCode | null> {
    const row = this.db.prepare<[string, number], StoredJoinCodeRow>('SELECT code, page_id, edit_key, expires_at FROM join_codes WHERE code = ? AND expires_at > ?').get(code, now)
    return row ? toJoinCode(row) : null
  }

  async pageJoinCodes(pageId: string, now: number): Promise<JoinCode[]> {
    return this.db
      .prepare<[string, number], StoredJoinCodeRow>('SELECT code, page_id, edit_key, expires_at FROM join_codes WHERE page_id = ? AND expires_at > ? ORDER BY expires_at')
      .all(pageId, now)
      .map(toJoinCode)
  }

  async forgetJoinCodes(pageId: string | null, now: number): Promise<void> {
    this.db.prepare('DELETE FROM join_codes WHERE page_id = ? OR expires_at <= ?').run(pageId, now)
  }

  async addPageFile(pageId: string, file: StoredFile, at: number): Promise<'created' | 'exists'> {
    // A large photo's bytes first, in its own file (photo-directory.ts) or as pieces a turn at a
    // time (sqlite-file-chunks.ts); the row that makes it exist comes last. One already here
    // (another page's) is only linked to this page.
    const known = this.db.prepare<[string], { chunks: number }>('SELECT chunks FROM files WHERE sha256 = ?').get(file.sha256) !== undefined
    const large = !known && SqliteFileChunks.countFor(file.data.length) > 0
    const inDirectory = large && this.photos !== null
    const chunks = large && !inDirectory ? SqliteFileChunks.countFor(file.data.length) : 0
    if (inDirectory) await this.photos!.write(file.sha256, file.data)
    else if (chunks > 0) await this.fileChunks.write(file.sha256, file.data, at)
    return this.db.transaction((): 'created' | 'exists' => {
      this.db
        .prepare('INSERT INTO files (sha256, type, bytes, data, created_at, chunks, in_directory) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING')
        .run(file.sha256, file.type, file.data.length, large ? EMPTY_BLOB : file.data, at, chunks, inDirectory ? 1 : 0)
      const { changes } = this.db.prepare('INSERT INTO page_files (page_id, sha256, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(pageId, file.sha256, at)
      return changes === 1 ? 'created' : 'exists'
    })()
  }

  async getPageFile(pageId: string, sha256: string): Promise<StoredFile | null> {
    const row = this.db
      .prepare<[string, string], StoredFileRow>(
        'SELECT f.sha256, f.type, f.bytes, f.chunks, f.in_directory, f.data FROM page_files p JOIN files f ON f.sha256 = p.sha256 WHERE p.page_id = ? AND p.sha256 = ?',
      )
      .get(pageId, sha256)
    if (!row) return null
    let data: Uint8Array | null
    if (row.in_directory) data = this.photos ? await this.photos.read(row.sha256) : null
    else if (row.chunks > 0) data = await this.fileChunks.read(row.sha256, row.chunks, row.bytes)
    else data = new Uint8Array(row.data)
    return data && data.length === row.bytes ? { sha256: row.sha256, type: row.type, data } : null
  }

  /** A photo's bytes wherever they are kept, at once (dumps); null when they are missing. */
  private fileBytesNow(row: StoredFileRow): Uint8Array | null {
    let data: Uint8Array | null
    if (row.in_directory) data = this.photos ? this.photos.readNow(row.sha256) : null
    else if (row.chunks > 0) data = this.fileChunks.readNow(row.sha256, row.chunks, row.bytes)
    else data = row.data
    return data && data.length === row.bytes ? data : null
  }

  async listPageFiles(pageId: string): Promise<PageFileInfo[]> {
    return this.db
      .prepare<[string], { sha256: string; type: string; bytes: number; added_at: number }>(
        'SELECT f.sha256, f.type, f.bytes, p.added_at FROM page_files p JOIN files f ON f.sha256 = p.sha256 WHERE p.page_id = ? ORDER BY p.added_at, f.sha256',
      )
      .all(pageId)
      .map((row) => ({ sha256: row.sha256, type: row.type, bytes: row.bytes, addedAt: row.added_at }))
  }

  async fileBytes(pageId: string): Promise<{ page: number; all: number }> {
    const page = this.db
      .prepare<[string], { n: number | null }>('SELECT sum(f.bytes) AS n FROM page_files p JOIN files f ON f.sha256 = p.sha256 WHERE p.page_id = ?')
      .get(pageId)
    const all = this.db.prepare<[], { n: number | null }>('SELECT sum(bytes) AS n FROM files').get()
    return { page: page?.n ?? 0, all: all?.n ?? 0 }
  }

  async removePageFile(pageId: string, sha256: string): Promise<void> {
    this.db.prepare('DELETE FROM page_files WHERE page_id = ? AND sha256 = ?').run(pageId, sha256)
  }

  async pagesWithFilesAddedBefore(before: number): Promise<string[]> {
    return this.db
      .prepare<[number], { page_id: string }>('SELECT DISTINCT page_id FROM page_files WHERE added_at < ? ORDER BY page_id')
      .all(before)
      .map((row) => row.page_id)
  }

  async removeOrphanFiles(): Promise<number> {
    const removed = this.db.prepare('DELETE FROM files WHERE sha256 NOT IN (SELECT sha256 FROM page_files)').run().changes
    const before = Date.now() - ORPHAN_CHUNK_AGE_MS
    this.fileChunks.removeOrphans(before)
    if (this.photos) {
      const named = new Set(this.db.prepare<[], { sha256: string }>('SELECT sha256 FROM files WHERE in_directory = 1').pluck().all() as unknown as string[])
      await this.photos.removeUnnamed((sha256) => named.has(sha256), before)
    }
    return removed
  }

  async backupTo(file: string): Promise<void> {
    this.writeLateTouches()
    await this.db.backup(file)
    if (this.photos) embedDirectoryPhotos(file, this.photos)
  }

  async restoreFrom(file: string): Promise<void> {
    await checkBackup(file)
    // SQLite's online backup, from the backup file into this live file: the open connection sees
    // the restored archive at once (its statements re-prepare themselves on the schema change).
    const source = new Database(file, { readonly: true, fileMustExist: true })
    try {
      await source.backup(this.file)
    } finally {
      source.close()
    }
    migrate(this.db)
    // The restored file has its own pages: what was remembered of the old ones no longer holds.
    this.lateTouches.clear()
    this.touchedAt.clear()
  }

  async close(): Promise<void> {
    this.writeLateTouches()
    await this.checkpoints?.stop()
    // The last connection to close copies the log into the file and removes it.
    if (this.db.open) this.db.close()
  }
}

export class InvalidBackupError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InvalidBackupError'
  }
}

/** Refuses anything that is not a sound Carnet archive this version can read. */
export async function checkBackup(file: string): Promise<void> {
  let db: Database.Database
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
  } catch (error) {
    throw new InvalidBackupError(`cannot open ${file} as an SQLite file: ${(error as Error).message}`)
  }
  try {
    const check = db.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new InvalidBackupError(`${file} is damaged: ${String(check)}`)
    const version = db.pragma('user_version', { simple: true }) as number
    if (version < 1) throw new InvalidBackupError(`${file} is not a Carnet archive (no schema version)`)
    if (version > SCHEMA_VERSION) throw new InvalidBackupError(`${file} was written by a newer Carnet (schema ${version} > ${SCHEMA_VERSION})`)
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    for (const needed of ['pages', 'updates', 'snapshots']) {
      if (!tables.some((t) => t.name === needed)) throw new InvalidBackupError(`${file} is not a Carnet archive (no ${needed} table)`)
    }
  } catch (error) {
    if (error instanceof InvalidBackupError) throw error
    throw new InvalidBackupError(`${file} cannot be read as a Carnet archive: ${(error as Error).message}`)
  } finally {
    db.close()
  }
}

