// What both archives (SQLite and PostgreSQL) share of their rows: the same tables and columns,
// the same limits on lists, and how a row reads back — a page's metadata (JSON), a version's writer
// names (a JSON list), an access record. Damaged text never hides a page or a version: it reads as
// empty.
import { EMPTY_META, type PageMeta } from '@carnet/core'
import type { AccessChange, JoinCode, PageAccess, PageListQuery, PageRecord, PageVersionInfo } from './store.js'

/** The columns of `pages` a `PageRecord` is read from (the table aliased `p`). */
export const PAGE_COLUMNS = 'p.id, p.meta, p.created_at, p.updated_at, p.writers'

/** Every page the archive knows anything of: written, claimed, or with a version. */
export const ALL_PAGE_IDS = `SELECT id FROM pages UNION SELECT page_id FROM page_access UNION SELECT page_id FROM snapshots
  UNION SELECT page_id FROM updates UNION SELECT page_id FROM page_versions UNION SELECT page_id FROM page_files ORDER BY 1`

/** The tables that hold rows of a page by `page_id` (besides `pages` itself, keyed by `id`). */
export const PAGE_TABLES = ['updates', 'snapshots', 'page_access', 'page_tags', 'page_text', 'page_versions', 'link_pending', 'join_codes', 'page_files', 'page_items', 'page_links'] as const

/** An access change as stored in text; anything else reads as none. */
export function parseAccessChange(json: string | null): AccessChange | null {
  if (!json) return null
  try {
    const value = JSON.parse(json) as Record<string, unknown>
    const change: AccessChange = {}
    if (typeof value.openToAll === 'boolean') change.openToAll = value.openToAll
    if (typeof value.closed === 'boolean') change.closed = value.closed
    return Object.keys(change).length > 0 ? change : null
  } catch {
    return null
  }
}

const MAX_LIST_LIMIT = 1000
const MAX_VERSIONS_LISTED = 10_000

/** The page of a list a query asks for, within bounds. */
export function listWindow(query: PageListQuery): { limit: number; offset: number } {
  return { limit: Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), MAX_LIST_LIMIT), offset: Math.max(Math.trunc(query.offset ?? 0), 0) }
}

/** How many versions a listing returns, within bounds (all of them by default). */
export function versionsListed(limit = MAX_VERSIONS_LISTED): number {
  return Math.min(Math.max(Math.trunc(limit), 1), MAX_VERSIONS_LISTED)
}

export interface StoredAccessRow {
  key_hash: string | null
  /** An integer in SQLite, a boolean in PostgreSQL. */
  open_to_all: number | boolean
  closed: number | boolean
}

export interface StoredJoinCodeRow {
  code: string
  page_id: string
  edit_key: string | null
  expires_at: number | string
}

export function toJoinCode(row: StoredJoinCodeRow): JoinCode {
  return { code: row.code, pageId: row.page_id, editKey: row.edit_key, expiresAt: Number(row.expires_at) }
}

export function toAccess(row: StoredAccessRow): PageAccess {
  return { keyHash: row.key_hash, openToAll: row.open_to_all === true || row.open_to_all === 1, closed: row.closed === true || row.closed === 1 }
}

export interface StoredPageRow {
  id: string
  meta: string
  created_at: number
  updated_at: number
  writers: number
}

export interface StoredVersionRow {
  id: number
  created_at: number
  writers: string
  bytes: number
}

export function toRecord(row: StoredPageRow): PageRecord {
  let meta: PageMeta = { ...EMPTY_META, tags: [] }
  try {
    meta = { ...meta, ...(JSON.parse(row.meta) as Partial<PageMeta>) }
  } catch {
    // A damaged meta column must not hide the page: it is rebuilt from the document on next save.
  }
  return { id: row.id, meta, createdAt: row.created_at, updatedAt: row.updated_at, writers: row.writers }
}

export function toVersionInfo(row: StoredVersionRow): PageVersionInfo {
  let writers: string[] = []
  try {
    const parsed: unknown = JSON.parse(row.writers)
    if (Array.isArray(parsed)) writers = parsed.filter((name): name is string => typeof name === 'string')
  } catch {
    // Names are a courtesy: a damaged list must not hide the version.
  }
  return { id: row.id, createdAt: row.created_at, writers, bytes: row.bytes }
}
