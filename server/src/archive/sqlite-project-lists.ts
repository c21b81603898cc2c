// A project's lists in the SQLite archive: `page_items` (each page's decisions and actions, as
// last indexed) and `page_links` (its previous and next meetings). A series is found by a
// recursive query over the links that both pages agree on (`a.next = b` and `b.previous = a`),
// so following a thread costs one indexed lookup per meeting, and lists are read from rows,
// never from documents. Used by SqliteStore, which keeps the transactions.
import type Database from 'better-sqlite3'
import type { PageRecord, ProjectEntry, ProjectQuery, SeriesFacts, StoredAction, StoredDecision } from './store.js'
import { ACTION_ROWS_READ, carriedOnce, projectListLimit, toAction, toDecision, toSeriesFacts, type StoredItemRow, type StoredSeriesRow } from './project-rows.js'
import { tagKey } from './search-keys.js'
import { PAGE_COLUMNS, toRecord, type StoredPageRow } from './store-rows.js'

// A page without a meeting date nor a browser creation time is filed under the day it was first stored.
const FILING_DAY = `COALESCE(NULLIF(p.day, ''), date(p.created_at / 1000, 'unixepoch'))`

/** The step from a page of the series to the pages next to it, each link agreed on by both pages. */
const SERIES_STEP = `FROM series s
  JOIN page_links a ON a.page_id = s.id OR a.next = s.id
  JOIN page_links b ON b.page_id = a.next AND b.previous = a.page_id`
const NEIGHBOUR = 'CASE WHEN a.page_id = s.id THEN b.page_id ELSE a.page_id END'

/** The ids of the series of `@series` (itself included). */
const SERIES_OF_ONE = `series(id) AS (SELECT @series UNION SELECT ${NEIGHBOUR} ${SERIES_STEP})`

type ItemShape = { kind: 'decision' | 'action'; tag: boolean; series: boolean }

export class SqliteProjectLists {
  private readonly statements
  private readonly listStatements = new Map<string, Database.Statement<Record<string, unknown>, StoredItemRow>>()

  constructor(private readonly db: Database.Database) {
    this.statements = {
      pageExists: db.prepare<[string], { id: string }>('SELECT id FROM pages WHERE id = ?'),
      deleteItems: db.prepare<[string]>('DELETE FROM page_items WHERE page_id = ?'),
      insertItem: db.prepare<[string, string, number, string, string, string, string, string, number]>(
        'INSERT INTO page_items (page_id, kind, position, text, who, what, when_text, due, done) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      saveLinks: db.prepare<[string, string | null, string | null]>(
        `INSERT INTO page_links (page_id, previous, next) VALUES (?, ?, ?)
         ON CONFLICT (page_id) DO UPDATE SET previous = excluded.previous, next = excluded.next`,
      ),
      withoutEntry: db.prepare<[string, number], { id: string }>(
        'SELECT p.id FROM pages p WHERE p.id > ? AND NOT EXISTS (SELECT 1 FROM page_links l WHERE l.page_id = p.id) ORDER BY p.id LIMIT ?',
      ),
      seriesPages: db.prepare<{ series: string }, StoredPageRow>(
        `WITH RECURSIVE ${SERIES_OF_ONE}
         SELECT ${PAGE_COLUMNS} FROM pages p WHERE p.id IN (SELECT id FROM series)
         ORDER BY ${FILING_DAY} DESC, p.created_at DESC, p.id`,
      ),
      seriesFacts: db.prepare<{ ids: string }, StoredSeriesRow>(
        `WITH RECURSIVE series(seed, id) AS (
           SELECT value, value FROM json_each(@ids)
           UNION SELECT s.seed, ${NEIGHBOUR} ${SERIES_STEP}
         ),
         sizes AS (SELECT seed, MIN(id) AS series, COUNT(*) AS size FROM series GROUP BY seed)
         SELECT l.page_id, l.previous, l.next, z.series, z.size FROM page_links l JOIN sizes z ON z.seed = l.page_id`,
      ),
    }
  }

  /** Writes the page's entry; call inside a transaction. Returns false for a page never written. */
  saveInTransaction(pageId: string, entry: ProjectEntry): boolean {
    if (!this.statements.pageExists.get(pageId)) return false
    this.statements.deleteItems.run(pageId)
    for (const decision of entry.decisions) {
      this.statements.insertItem.run(pageId, 'decision', decision.position, decision.text, '', '', '', '', 0)
    }
    for (const action of entry.actions) {
      this.statements.insertItem.run(pageId, 'action', action.position, action.text, action.who, action.what, action.when, action.due, action.done ? 1 : 0)
    }
    this.statements.saveLinks.run(pageId, entry.links.previous || null, entry.links.next || null)
    return true
  }

  pagesWithoutEntry(after: string, limit: number): string[] {
    return this.statements.withoutEntry.all(after, limit).map((row) => row.id)
  }

  seriesPages(pageId: string): PageRecord[] {
    return this.statements.seriesPages.all({ series: pageId }).map(toRecord)
  }

  seriesFacts(pageIds: readonly string[]): Map<string, SeriesFacts> {
    if (pageIds.length === 0) return new Map()
    const rows = this.statements.seriesFacts.all({ ids: JSON.stringify([...new Set(pageIds)]) })
    return new Map(rows.map((row) => [row.page_id, toSeriesFacts(row)]))
  }

  listDecisions(query: ProjectQuery): StoredDecision[] {
    return this.listItems('decision', query, projectListLimit(query)).map(toDecision)
  }

  listActions(query: ProjectQuery): StoredAction[] {
    // Read without `open` nor the limit: a carried action's newest copy decides (project-rows.ts).
    return carriedOnce(this.listItems('action', query, ACTION_ROWS_READ).map(toAction), query)
  }

  private listItems(kind: ItemShape['kind'], query: ProjectQuery, limit: number): StoredItemRow[] {
    const shape: ItemShape = { kind, tag: Boolean(query.tag), series: Boolean(query.series) }
    const params: Record<string, unknown> = { limit }
    if (shape.tag) params.tag = tagKey(query.tag!)
    if (shape.series) params.series = query.series
    return this.listStatement(shape).all(params)
  }

  private listStatement(shape: ItemShape): Database.Statement<Record<string, unknown>, StoredItemRow> {
    const key = JSON.stringify(shape)
    let statement = this.listStatements.get(key)
    if (!statement) {
      const where = [`i.kind = '${shape.kind}'`]
      if (shape.tag) where.push('EXISTS (SELECT 1 FROM page_tags g WHERE g.page_id = i.page_id AND g.key = @tag)')
      if (shape.series) where.push('i.page_id IN (SELECT id FROM series)')
      statement = this.db.prepare<Record<string, unknown>, StoredItemRow>(
        `${shape.series ? `WITH RECURSIVE ${SERIES_OF_ONE}` : ''}
         SELECT i.page_id, p.title, ${FILING_DAY} AS day, i.position, i.text, i.who, i.what, i.when_text, i.due, i.done
         FROM page_items i JOIN pages p ON p.id = i.page_id
         WHERE ${where.join(' AND ')}
         ORDER BY day DESC, p.created_at DESC, p.id, i.position
         LIMIT @limit`,
      )
      this.listStatements.set(key, statement)
    }
    return statement
  }
}
