// A project's lists in the PostgreSQL archive: the same tables and queries as in SQLite
// (sqlite-project-lists.ts) — `page_items`, `page_links`, a series followed by a recursive query
// over the links both pages agree on — through the store's pool. A page's entry is replaced in one
// transaction, so a list never shows half of a page's items.
import type pg from 'pg'
import type { PoolClient } from 'pg'
import type { PageRecord, ProjectEntry, ProjectQuery, SeriesFacts, StoredAction, StoredDecision } from './store.js'
import { ACTION_ROWS_READ, carriedOnce, projectListLimit, toAction, toDecision, toSeriesFacts, type StoredItemRow, type StoredSeriesRow } from './project-rows.js'
import { tagKey } from './search-keys.js'
import { PAGE_COLUMNS, toRecord, type StoredPageRow } from './store-rows.js'

const FILING_DAY = `COALESCE(NULLIF(p.day, ''), to_char(to_timestamp(p.created_at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD'))`

const SERIES_STEP = `FROM series s
  JOIN page_links a ON a.page_id = s.id OR a.next = s.id
  JOIN page_links b ON b.page_id = a.next AND b.previous = a.page_id`
const NEIGHBOUR = 'CASE WHEN a.page_id = s.id THEN b.page_id ELSE a.page_id END'

/** The ids of the series of the page id in parameter `$n` (itself included). */
const seriesOfOne = (param: string) => `series(id) AS (SELECT ${param}::text COLLATE "C" UNION SELECT ${NEIGHBOUR} ${SERIES_STEP})`

export class PostgresProjectLists {
  constructor(private readonly pool: pg.Pool) {}

  /** Replaces the page's entry; nothing for a page never written. */
  async save(client: PoolClient, pageId: string, entry: ProjectEntry): Promise<void> {
    const { rows } = await client.query('SELECT id FROM pages WHERE id = $1 FOR SHARE', [pageId])
    if (rows.length === 0) return
    await client.query('DELETE FROM page_items WHERE page_id = $1', [pageId])
    const items = [
      ...entry.decisions.map((d) => ['decision', d.position, d.text, '', '', '', '', false] as const),
      ...entry.actions.map((a) => ['action', a.position, a.text, a.who, a.what, a.when, a.due, a.done] as const),
    ]
    if (items.length > 0) {
      const column = (i: number) => items.map((item) => item[i])
      await client.query(
        `INSERT INTO page_items (page_id, kind, position, text, who, what, when_text, due, done)
         SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bool[])`,
        [pageId, column(0), column(1), column(2), column(3), column(4), column(5), column(6), column(7)],
      )
    }
    await client.query(
      `INSERT INTO page_links (page_id, previous, next) VALUES ($1, $2, $3)
       ON CONFLICT (page_id) DO UPDATE SET previous = excluded.previous, next = excluded.next`,
      [pageId, entry.links.previous || null, entry.links.next || null],
    )
  }

  async pagesWithoutEntry(after: string, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      'SELECT p.id FROM pages p WHERE p.id > $1 AND NOT EXISTS (SELECT 1 FROM page_links l WHERE l.page_id = p.id) ORDER BY p.id LIMIT $2',
      [after, limit],
    )
    return rows.map((row) => row.id)
  }

  async seriesPages(pageId: string): Promise<PageRecord[]> {
    const { rows } = await this.pool.query<StoredPageRow>(
      `WITH RECURSIVE ${seriesOfOne('$1')}
       SELECT ${PAGE_COLUMNS} FROM pages p WHERE p.id IN (SELECT id FROM series)
       ORDER BY ${FILING_DAY} DESC, p.created_at DESC, p.id`,
      [pageId],
    )
    return rows.map(toRecord)
  }

  async seriesFacts(pageIds: readonly string[]): Promise<Map<string, SeriesFacts>> {
    if (pageIds.length === 0) return new Map()
    const { rows } = await this.pool.query<StoredSeriesRow>(
      `WITH RECURSIVE series(seed, id) AS (
         SELECT s COLLATE "C", s COLLATE "C" FROM unnest($1::text[]) AS s
         UNION SELECT s.seed, ${NEIGHBOUR} ${SERIES_STEP}
       ),
       sizes AS (SELECT seed, MIN(id) AS series, COUNT(*) AS size FROM series GROUP BY seed)
       SELECT l.page_id, l.previous, l.next, z.series, z.size FROM page_links l JOIN sizes z ON z.seed = l.page_id`,
      [[...new Set(pageIds)]],
    )
    return new Map(rows.map((row) => [row.page_id, toSeriesFacts(row)]))
  }

  async listDecisions(query: ProjectQuery): Promise<StoredDecision[]> {
    return (await this.listItems('decision', query, projectListLimit(query))).map(toDecision)
  }

  async listActions(query: ProjectQuery): Promise<StoredAction[]> {
    return carriedOnce((await this.listItems('action', query, ACTION_ROWS_READ)).map(toAction), query)
  }

  private async listItems(kind: 'decision' | 'action', query: ProjectQuery, limit: number): Promise<StoredItemRow[]> {
    const values: unknown[] = [kind]
    const param = (value: unknown) => `$${values.push(value)}`
    const where = ['i.kind = $1']
    let series = ''
    if (query.tag) where.push(`EXISTS (SELECT 1 FROM page_tags g WHERE g.page_id = i.page_id AND g.key = ${param(tagKey(query.tag))})`)
    if (query.series) {
      series = `WITH RECURSIVE ${seriesOfOne(param(query.series))}`
      where.push('i.page_id IN (SELECT id FROM series)')
    }
    const { rows } = await this.pool.query<StoredItemRow>(
      `${series}
       SELECT i.page_id, p.title, ${FILING_DAY} AS day, i.position, i.text, i.who, i.what, i.when_text, i.due, i.done
       FROM page_items i JOIN pages p ON p.id = i.page_id
       WHERE ${where.join(' AND ')}
       ORDER BY day DESC, p.created_at DESC, p.id, i.position
       LIMIT ${param(limit)}`,
      values,
    )
    return rows
  }
}
