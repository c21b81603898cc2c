// Reading back what both archives store as text: a page's metadata (JSON) and a version's writer
// names (a JSON list). Damaged text never hides a page or a version: it reads as empty.
import { EMPTY_META, type PageMeta } from '@carnet/core'
import type { PageRecord, PageVersionInfo } from './store.js'

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
