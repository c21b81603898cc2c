// The shared archive: PostgreSQL, for several relay processes (CARNET_DATABASE_URL). The same
// tables as the SQLite store — pages, an update log, one snapshot per page, access records, tags,
// search text, versions — reached through a connection pool (node-postgres).
//
// Several processes write the same pages, so (see store.ts): a page loads as its snapshot plus
// every row left in its log, read by one statement (one consistent view); compaction reads what
// is stored, merges it in a fresh document and deletes exactly the rows it merged, in one
// transaction that first takes the page's advisory lock — if another compaction of the page
// holds it, this one gives up. That lock is what makes two compactions safe; the Redis lease
// (cluster/compaction-lease.ts) only spares the work. Appends never wait for a compaction.
//
// Durability: a statement returns once its transaction is committed, and PostgreSQL's default
// `synchronous_commit = on` has it flushed to the WAL on disk first.
import pg, { type PoolClient, type QueryResultRow } from 'pg'
import type { PageMeta } from '@carnet/core'
import type {
  AccessChange,
  CompactResult,
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
import { PostgresProjectLists } from './postgres-project-lists.js'
import { dumpFromRows, type PageDump, type PageDumps } from './page-dump.js'
import { templatesMatching } from '@carnet/core'
import { COMPACTION_LOCK_CLASS, migratePostgres } from './postgres-schema.js'
import { filingDay, searchTerms, tagKey } from './search-keys.js'
import { mergeLog } from './merge-log.js'
import { redactUrl } from '../observability/redact-url.js'
import { ALL_PAGE_IDS, listWindow, PAGE_COLUMNS, PAGE_TABLES, parseAccessChange, toAccess, toJoinCode, type StoredJoinCodeRow, toRecord, toVersionInfo, versionsListed, type StoredAccessRow, type StoredPageRow, type StoredVersionRow } from './store-rows.js'

export interface PostgresStoreOptions {
  /** Connections this process keeps open at most. */
  poolSize?: number
  /** A query waits this long for a connection (the server down, the pool exhausted) before failing. */
  connectTimeoutMs?: number
}

type PageRow = StoredPageRow

type AccessRow = StoredAccessRow

type VersionRow = StoredVersionRow

interface LogRow {
  part: number
  id: number
  data: Buffer
}

// A page without a meeting date nor a browser creation time is filed under the day it was first stored.
const FILING_DAY = `COALESCE(NULLIF(p.day, ''), to_char(to_timestamp(p.created_at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD'))`

/** A page's title as `carnet_search_vector` indexes words (French stems and words as written, accents ignored). */
const TITLE_WORDS = `to_tsvector('pg_catalog.french', carnet_unaccent(t.title)) || to_tsvector('pg_catalog.simple', carnet_unaccent(t.title))`
// The snapshot first, then every row of the log: one statement, so one consistent view even while
// a compaction commits between what would otherwise be two reads.
const READ_PAGE = `SELECT 0 AS part, seq AS id, data FROM snapshots WHERE page_id = $1
  UNION ALL SELECT 1, id, data FROM updates WHERE page_id = $1
  ORDER BY part, id`

// bigint columns (times in ms, row ids) fit in a double: read them as numbers, not strings.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

export class PostgresStore implements PageStore, PageDumps {
  readonly shared = true

  private readonly projectLists: PostgresProjectLists

  private constructor(readonly pool: pg.Pool) {
    this.projectLists = new PostgresProjectLists(pool)
  }

  /** Connects and brings the schema up to date (refusing a newer one). */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      application_name: 'carnet',
      types,
    })
    // An idle connection dropped (a server restart, a failover): the pool replaces it, and the next
    // query that fails says so where it is handled. Without a listener, the process would exit.
    pool.on('error', () => {})
    try {
      let client: PoolClient
      try {
        client = await pool.connect()
      } catch (error) {
        throw new Error(`cannot reach PostgreSQL at ${redactUrl(url)} (CARNET_DATABASE_URL): ${(error as Error).message}`)
      }
      try {
        await migratePostgres(client)
      } finally {
        client.release()
      }
    } catch (error) {
      await pool.end()
      throw error
    }
    return new PostgresStore(pool)
  }

  private async query<R extends QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    return (await this.pool.query<R>(text, values)).rows
  }

  /** Runs `work` in one transaction on one connection. */
  private async transaction<T>(work: (client: PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    const client = await this.pool.connect()
    try {
      await client.query(begin)
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    } finally {
      client.release()
    }
  }

  async loadPage(pageId: string): Promise<StoredPage | null> {
    return storedPage(await this.query<LogRow>(READ_PAGE, [pageId]))
  }

  async appendUpdates(pageId: string, updates: readonly Uint8Array[], at: number): Promise<number> {
    if (updates.length === 0) return 0
    // One statement, so one round trip and its own transaction. Each update is a parameter of its
    // own: node-postgres sends buffers as binary.
    const values = updates.map((_, i) => `($1, $2, $${i + 3})`).join(', ')
    const rows = await this.query<{ id: number }>(
      `WITH page AS (
         INSERT INTO pages (id, created_at, updated_at) VALUES ($1, $2, $2)
         ON CONFLICT (id) DO UPDATE SET updated_at = GREATEST(pages.updated_at, excluded.updated_at)
       )
       INSERT INTO updates (page_id, created_at, data) VALUES ${values} RETURNING id`,
      [pageId, at, ...updates],
    )
    return largest(rows.map((row) => row.id))
  }

  /** Always from what is stored: this process's document may lack rows another one committed. */
  async compact(pageId: string): Promise<CompactResult | null> {
    return this.transaction(async (client) => {
      const { rows: locked } = await client.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS got', [
        COMPACTION_LOCK_CLASS,
        pageId,
      ])
      if (!locked[0]?.got) return null
      const rows = (await client.query<LogRow>(READ_PAGE, [pageId])).rows
      const merged = rows.filter((row) => row.part === 1)
      if (merged.length === 0) return null
      const snapshot = rows.find((row) => row.part === 0)
      const state = mergeLog(snapshot ? snapshot.data : null, merged.map((row) => row.data))
      const ids = merged.map((row) => row.id)
      await client.query(
        `INSERT INTO snapshots (page_id, seq, data) VALUES ($1, $2, $3)
         ON CONFLICT (page_id) DO UPDATE SET seq = GREATEST(snapshots.seq, excluded.seq), data = excluded.data`,
        [pageId, largest(ids), state],
      )
      // Exactly the rows merged: rows other processes committed meanwhile stay in the log.
      await client.query('DELETE FROM updates WHERE id = ANY($1::bigint[])', [ids])
      return { snapshotBytes: state.length, merged: ids.length }
    })
  }

  async getAccess(pageId: string): Promise<PageAccess | null> {
    const [row] = await this.query<AccessRow>('SELECT key_hash, open_to_all, closed FROM page_access WHERE page_id = $1', [pageId])
    return row ? toAccess(row) : null
  }

  async claimAccess(pageId: string, access: PageAccess): Promise<PageAccess> {
    const [inserted] = await this.query<AccessRow>(
      `INSERT INTO page_access (page_id, key_hash, open_to_all, closed) VALUES ($1, $2, $3, $4)
       ON CONFLICT (page_id) DO NOTHING RETURNING key_hash, open_to_all, closed`,
      [pageId, access.keyHash, access.openToAll, access.closed],
    )
    if (inserted) return toAccess(inserted)
    // Claimed first by someone else. A new statement: it sees the other claim, now committed.
    const holding = await this.getAccess(pageId)
    if (!holding) throw new Error(`page ${pageId}: a claim conflicted but no access record is found`)
    return holding
  }

  async updateAccess(pageId: string, change: AccessChange): Promise<PageAccess | null> {
    const [row] = await this.query<AccessRow>(
      `UPDATE page_access SET open_to_all = COALESCE($2, open_to_all), closed = COALESCE($3, closed)
       WHERE page_id = $1 RETURNING key_hash, open_to_all, closed`,
      [pageId, change.openToAll ?? null, change.closed ?? null],
    )
    return row ? toAccess(row) : null
  }

  async saveMeta(pageId: string, meta: PageMeta): Promise<void> {
    await this.query(
      `WITH page AS (UPDATE pages SET meta = $2, title = $3, day = $4 WHERE id = $1 RETURNING id),
       ${TAG_CHANGES}
       SELECT 1`,
      [pageId, JSON.stringify(meta), meta.title, filingDay(meta), meta.tags.map(tagKey)],
    )
  }

  async indexPage(pageId: string, entry: PageIndexEntry): Promise<void> {
    const { meta } = entry
    // Unchanged text is not written again: its search vector and index entries would be rebuilt.
    const text = `WITH page AS (UPDATE pages SET meta = $2, title = $3, day = $4, writers = $6 WHERE id = $1 RETURNING id),
       ${TAG_CHANGES}
       INSERT INTO page_text (page_id, title, body, place, tags) SELECT id, $3, $7, $8, $9 FROM page
       ON CONFLICT (page_id) DO UPDATE SET title = excluded.title, body = excluded.body, place = excluded.place, tags = excluded.tags
       WHERE (page_text.title, page_text.body, page_text.place, page_text.tags)
         IS DISTINCT FROM (excluded.title, excluded.body, excluded.place, excluded.tags)`
    const values = [pageId, JSON.stringify(meta), meta.title, filingDay(meta), meta.tags.map(tagKey), entry.writers, entry.text, meta.place, meta.tags.join(', ')]
    const { project } = entry
    if (!project) {
      await this.query(text, values)
      return
    }
    // With the project's lists, in one transaction: the search entry and the lists agree.
    await this.transaction(async (client) => {
      await client.query(text, values)
      await this.projectLists.save(client, pageId, project)
    })
  }

  async saveProjectEntry(pageId: string, entry: ProjectEntry): Promise<void> {
    await this.transaction((client) => this.projectLists.save(client, pageId, entry))
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
    const [row] = await this.query<PageRow>(`SELECT ${PAGE_COLUMNS} FROM pages p WHERE p.id = $1`, [pageId])
    return row ? toRecord(row) : null
  }

  async listPages(query: PageListQuery = {}): Promise<PageRecord[]> {
    const values: unknown[] = []
    const param = (value: unknown) => `$${values.push(value)}`
    const where: string[] = []
    let hits = ''
    let join = ''
    let order = 'p.updated_at DESC, p.id'
    const terms = query.text ? searchTerms(query.text) : []
    if (terms.length > 0) {
      // Relevance: every word in the title, then in what people wrote, then some only in the
      // page's template's own text; the most recent first within each — as in SQLite (sqlite-store.ts).
      hits = `WITH q AS (SELECT carnet_search_query(${param(terms)}::text[]) AS q),
        hits AS MATERIALIZED (
          SELECT t.page_id, (${TITLE_WORDS}) @@ q.q AS in_title
          FROM page_text t, q WHERE t.search @@ q.q)`
      join = 'CROSS JOIN q LEFT JOIN hits h ON h.page_id = p.id'
      // Terms in which PostgreSQL finds no word (the query is NULL) filter nothing, as in SQLite.
      const found = ['q.q IS NULL', 'h.page_id IS NOT NULL']
      if (terms.some((term) => templatesMatching(term).length > 0)) {
        // Found with the template's help: each term in the index or in the page's template.
        const eachTerm = terms.map((term) => {
          const termQuery = `carnet_search_query(ARRAY[${param(term)}::text])`
          return `(${termQuery} IS NULL OR (p.meta::jsonb ->> 'template') = ANY(${param(templatesMatching(term))}::text[])
            OR p.id IN (SELECT t.page_id FROM page_text t WHERE t.search @@ ${termQuery}))`
        })
        found.push(`(${eachTerm.join(' AND ')})`)
      }
      where.push(`(${found.join(' OR ')})`)
      order = `CASE WHEN q.q IS NULL THEN 1 WHEN h.page_id IS NULL THEN 2 WHEN h.in_title THEN 0 ELSE 1 END, ${order}`
    }
    const tag = query.tag ? tagKey(query.tag) : ''
    if (tag) where.push(`EXISTS (SELECT 1 FROM page_tags g WHERE g.page_id = p.id AND g.key = ${param(tag)})`)
    if (query.from) where.push(`${FILING_DAY} >= ${param(query.from)}`)
    if (query.to) where.push(`${FILING_DAY} <= ${param(query.to)}`)
    const window = listWindow(query)
    const limit = param(window.limit)
    const offset = param(window.offset)
    const rows = await this.query<PageRow>(
      `${hits}
       SELECT ${PAGE_COLUMNS} FROM pages p ${join} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`,
      values,
    )
    return rows.map(toRecord)
  }

  async saveVersion(pageId: string, version: NewPageVersion): Promise<number> {
    const [row] = await this.query<{ id: number }>(
      'INSERT INTO page_versions (page_id, created_at, writers, bytes, data) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [pageId, version.createdAt, JSON.stringify(version.writers), version.state.length, version.state],
    )
    return row!.id
  }

  async listVersions(pageId: string, limit?: number): Promise<PageVersionInfo[]> {
    const rows = await this.query<VersionRow>(
      'SELECT id, created_at, writers, bytes FROM page_versions WHERE page_id = $1 ORDER BY id DESC LIMIT $2',
      [pageId, versionsListed(limit)],
    )
    return rows.map(toVersionInfo)
  }

  async loadVersion(pageId: string, versionId: number): Promise<PageVersion | null> {
    const [row] = await this.query<VersionRow & { data: Buffer }>(
      'SELECT id, created_at, writers, bytes, data FROM page_versions WHERE id = $1 AND page_id = $2',
      [versionId, pageId],
    )
    return row ? { ...toVersionInfo(row), state: new Uint8Array(row.data) } : null
  }

  async markUnsent(pageId: string, since: number): Promise<void> {
    await this.query('INSERT INTO link_pending (page_id, since) VALUES ($1, $2) ON CONFLICT (page_id) DO NOTHING', [pageId, since])
  }

  async addUnsentAccessChange(pageId: string, change: AccessChange, since: number): Promise<void> {
    await this.transaction(async (client) => {
      const { rows } = await client.query<{ access_change: string | null }>('SELECT access_change FROM link_pending WHERE page_id = $1 FOR UPDATE', [pageId])
      const merged = JSON.stringify({ ...parseAccessChange(rows[0]?.access_change ?? null), ...change })
      await client.query(
        'INSERT INTO link_pending (page_id, since, access_change) VALUES ($1, $2, $3) ON CONFLICT (page_id) DO UPDATE SET access_change = excluded.access_change',
        [pageId, since, merged],
      )
    })
  }

  async unsentPages(): Promise<UnsentPage[]> {
    const rows = await this.query<{ page_id: string; since: string; access_change: string | null }>('SELECT page_id, since, access_change FROM link_pending ORDER BY since')
    return rows.map((row) => ({ pageId: row.page_id, since: Number(row.since), accessChange: parseAccessChange(row.access_change) }))
  }

  async clearUnsent(pageId: string): Promise<void> {
    await this.query('DELETE FROM link_pending WHERE page_id = $1', [pageId])
  }

  async removePage(pageId: string): Promise<void> {
    await this.transaction(async (client) => {
      for (const table of PAGE_TABLES) await client.query(`DELETE FROM ${table} WHERE page_id = $1`, [pageId])
      await client.query('DELETE FROM pages WHERE id = $1', [pageId])
    })
  }

  async addJoinCode(code: JoinCode): Promise<boolean> {
    const rows = await this.query<{ code: string }>(
      'INSERT INTO join_codes (code, page_id, edit_key, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING RETURNING code',
      [code.code, code.pageId, code.editKey, code.expiresAt],
    )
    return rows.length === 1
  }

  async findJoinCode(code: string, now: number): Promise<JoinCode | null> {
    const [row] = await this.query<StoredJoinCodeRow>('SELECT code, page_id, edit_key, expires_at FROM join_codes WHERE code = $1 AND expires_at > $2', [code, now])
    return row ? toJoinCode(row) : null
  }

  async pageJoinCodes(pageId: string, now: number): Promise<JoinCode[]> {
    const rows = await this.query<StoredJoinCodeRow>('SELECT code, page_id, edit_key, expires_at FROM join_codes WHERE page_id = $1 AND expires_at > $2 ORDER BY expires_at', [pageId, now])
    return rows.map(toJoinCode)
  }

  async forgetJoinCodes(pageId: string | null, now: number): Promise<void> {
    await this.query('DELETE FROM join_codes WHERE page_id = $1 OR expires_at <= $2', [pageId, now])
  }

  async addPageFile(pageId: string, file: StoredFile, at: number): Promise<'created' | 'exists'> {
    return this.transaction(async (client) => {
      await client.query('INSERT INTO files (sha256, type, bytes, data, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING', [
        file.sha256,
        file.type,
        file.data.length,
        file.data,
        at,
      ])
      const { rowCount } = await client.query('INSERT INTO page_files (page_id, sha256, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [pageId, file.sha256, at])
      return rowCount === 1 ? 'created' : 'exists'
    })
  }

  async getPageFile(pageId: string, sha256: string): Promise<StoredFile | null> {
    const [row] = await this.query<{ sha256: string; type: string; data: Buffer }>(
      'SELECT f.sha256, f.type, f.data FROM page_files p JOIN files f ON f.sha256 = p.sha256 WHERE p.page_id = $1 AND p.sha256 = $2',
      [pageId, sha256],
    )
    return row ? { sha256: row.sha256, type: row.type, data: new Uint8Array(row.data) } : null
  }

  async listPageFiles(pageId: string): Promise<PageFileInfo[]> {
    const rows = await this.query<{ sha256: string; type: string; bytes: number; added_at: string }>(
      'SELECT f.sha256, f.type, f.bytes, p.added_at FROM page_files p JOIN files f ON f.sha256 = p.sha256 WHERE p.page_id = $1 ORDER BY p.added_at, f.sha256',
      [pageId],
    )
    return rows.map((row) => ({ sha256: row.sha256, type: row.type, bytes: row.bytes, addedAt: Number(row.added_at) }))
  }

  async fileBytes(pageId: string): Promise<{ page: number; all: number }> {
    const [page] = await this.query<{ n: string | null }>('SELECT sum(f.bytes) AS n FROM page_files p JOIN files f ON f.sha256 = p.sha256 WHERE p.page_id = $1', [pageId])
    const [all] = await this.query<{ n: string | null }>('SELECT sum(bytes) AS n FROM files')
    return { page: Number(page?.n ?? 0), all: Number(all?.n ?? 0) }
  }

  async removePageFile(pageId: string, sha256: string): Promise<void> {
    await this.query('DELETE FROM page_files WHERE page_id = $1 AND sha256 = $2', [pageId, sha256])
  }

  async pagesWithFilesAddedBefore(before: number): Promise<string[]> {
    const rows = await this.query<{ page_id: string }>('SELECT DISTINCT page_id FROM page_files WHERE added_at < $1 ORDER BY page_id', [before])
    return rows.map((row) => row.page_id)
  }

  async removeOrphanFiles(): Promise<number> {
    const rows = await this.query<{ sha256: string }>('DELETE FROM files f WHERE NOT EXISTS (SELECT 1 FROM page_files p WHERE p.sha256 = f.sha256) RETURNING sha256')
    return rows.length
  }

  async check(): Promise<void> {
    await this.query('SELECT 1')
  }

  async listPageIds(): Promise<string[]> {
    return (await this.query<{ id: string }>(ALL_PAGE_IDS)).map((row) => row.id)
  }

  async dumpPage(pageId: string): Promise<PageDump | null> {
    // One snapshot of the database for all the reads.
    return this.transaction(async (client) => {
      const one = async <R extends QueryResultRow>(text: string): Promise<R[]> => (await client.query<R>(text, [pageId])).rows
      const [record] = await one<PageRow & { title: string; day: string }>(`SELECT ${PAGE_COLUMNS}, p.title, p.day FROM pages p WHERE p.id = $1`)
      const [snapshot] = await one<{ seq: number; data: Buffer }>('SELECT seq, data FROM snapshots WHERE page_id = $1')
      const updates = await one<{ data: Buffer; created_at: number }>('SELECT data, created_at FROM updates WHERE page_id = $1 ORDER BY id')
      const [access] = await one<AccessRow>('SELECT key_hash, open_to_all, closed FROM page_access WHERE page_id = $1')
      const [text] = await one<{ title: string; body: string; place: string; tags: string }>('SELECT title, body, place, tags FROM page_text WHERE page_id = $1')
      const tags = await one<{ key: string }>('SELECT key FROM page_tags WHERE page_id = $1 ORDER BY key COLLATE "C"')
      const versions = await one<VersionRow & { data: Buffer }>('SELECT id, created_at, writers, bytes, data FROM page_versions WHERE page_id = $1 ORDER BY id')
      const files = await one<{ sha256: string; type: string; added_at: string; data: Buffer }>(
        'SELECT f.sha256, f.type, p.added_at, f.data FROM page_files p JOIN files f ON f.sha256 = p.sha256 WHERE p.page_id = $1 ORDER BY f.sha256',
      )
      return dumpFromRows(pageId, { record, snapshot, updates, access: access ? toAccess(access) : null, text, tags, versions, files })
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
  }

  async writePage(dump: PageDump): Promise<void> {
    await this.transaction(async (client) => {
      const { id, record } = dump
      if (record) {
        await client.query('INSERT INTO pages (id, title, meta, day, writers, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
          id, record.title, record.meta, record.day, record.writers, record.createdAt, record.updatedAt,
        ])
      }
      if (dump.snapshot) await client.query('INSERT INTO snapshots (page_id, seq, data) VALUES ($1, 0, $2)', [id, dump.snapshot])
      for (const update of dump.updates) {
        await client.query('INSERT INTO updates (page_id, data, created_at) VALUES ($1, $2, $3)', [id, update.data, update.createdAt])
      }
      if (dump.access) {
        const { keyHash, openToAll, closed } = dump.access
        await client.query('INSERT INTO page_access (page_id, key_hash, open_to_all, closed) VALUES ($1, $2, $3, $4)', [id, keyHash, openToAll, closed])
      }
      if (dump.text) {
        const { title, body, place, tags } = dump.text
        await client.query('INSERT INTO page_text (page_id, title, body, place, tags) VALUES ($1, $2, $3, $4, $5)', [id, title, body, place, tags])
      }
      if (dump.tags.length > 0) {
        await client.query('INSERT INTO page_tags (page_id, key) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [id, dump.tags])
      }
      for (const v of dump.versions) {
        await client.query('INSERT INTO page_versions (id, page_id, created_at, writers, bytes, data) VALUES ($1, $2, $3, $4, $5, $6)', [
          v.id, id, v.createdAt, v.writers, v.bytes, v.data,
        ])
      }
      for (const file of dump.files) {
        await client.query('INSERT INTO files (sha256, type, bytes, data, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING', [
          file.sha256, file.type, file.data.length, file.data, file.addedAt,
        ])
        await client.query('INSERT INTO page_files (page_id, sha256, added_at) VALUES ($1, $2, $3)', [id, file.sha256, file.addedAt])
      }
    })
  }

  async afterWritingPages(): Promise<void> {
    // Versions were written with their own ids: the sequence must hand out larger ones from now on
    // (never smaller than it already would: nextval burns one number, which is harmless).
    await this.query(
      `SELECT setval(pg_get_serial_sequence('page_versions', 'id'),
         GREATEST((SELECT COALESCE(max(id), 1) FROM page_versions), nextval(pg_get_serial_sequence('page_versions', 'id'))))`,
    )
  }

  async close(): Promise<void> {
    await this.pool.end()
  }
}

/** The tag keys of a page (`$5`, for the page updated in CTE `page`), replaced without a moment with none. */
const TAG_CHANGES = `gone AS (DELETE FROM page_tags WHERE page_id IN (SELECT id FROM page) AND NOT (key = ANY($5::text[]))),
       added AS (INSERT INTO page_tags (page_id, key) SELECT page.id, k FROM page, unnest($5::text[]) AS k ON CONFLICT DO NOTHING)`

function storedPage(rows: LogRow[]): StoredPage | null {
  if (rows.length === 0) return null
  const snapshot = rows[0]!.part === 0 ? rows[0]! : null
  const updates = rows.filter((row) => row.part === 1)
  return {
    snapshot: snapshot ? new Uint8Array(snapshot.data) : null,
    updates: updates.map((row) => new Uint8Array(row.data)),
    lastSeq: largest([snapshot?.id ?? 0, ...updates.map((row) => row.id)]),
  }
}

/** Math.max without spreading a log of any length onto the stack. */
function largest(numbers: readonly number[]): number {
  return numbers.reduce((max, n) => (n > max ? n : max), 0)
}

