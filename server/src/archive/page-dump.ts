// A page exactly as an archive stores it — its row, its snapshot and update log as written, its
// access record, its search text and tag keys, its versions with their ids, its photos — so `carnet migrate`
// can move it from one kind of archive to another and then check, row by row, that nothing
// changed on the way. Both stores read and write this shape; nothing else uses it.
import type { PageAccess } from './store.js'
import type { StoredPageRow, StoredVersionRow } from './store-rows.js'

export interface PageDump {
  id: string
  /** The `pages` row; null for a page claimed but never written. */
  record: {
    meta: string
    title: string
    day: string
    writers: number
    createdAt: number
    updatedAt: number
  } | null
  /** The snapshot (its sequence number is the archive's own and is not kept). */
  snapshot: Uint8Array | null
  /** The log, in sequence order. Sequence numbers are the archive's own and are not kept. */
  updates: { data: Uint8Array; createdAt: number }[]
  access: PageAccess | null
  /** The indexed text (title, body, place, tags), as last indexed. */
  text: { title: string; body: string; place: string; tags: string } | null
  /** Tag keys (see `tagKey`), sorted. */
  tags: string[]
  /** Versions, oldest first; ids are kept, so links to a version stay valid. */
  versions: { id: number; createdAt: number; writers: string; bytes: number; data: Uint8Array }[]
  /** Photos, by name. */
  files: { sha256: string; type: string; addedAt: number; data: Uint8Array }[]
}

export interface PageDumps {
  /** Ids of every page the archive knows anything about (written, claimed or versioned), sorted. */
  listPageIds(): Promise<string[]>
  dumpPage(pageId: string): Promise<PageDump | null>
  /** Writes a page that this archive does not hold yet, in one transaction. */
  writePage(dump: PageDump): Promise<void>
  /** After pages were written with their own version ids: new ids must come after them. */
  afterWritingPages(): Promise<void>
}

/** What a dump is read from, as both archives return it (a page with none of it is no page). */
export interface PageDumpRows {
  record: (StoredPageRow & { title: string; day: string }) | undefined
  snapshot: { data: Uint8Array } | undefined
  updates: { data: Uint8Array; created_at: number }[]
  access: PageAccess | null
  text: { title: string; body: string; place: string; tags: string } | undefined
  tags: { key: string }[]
  versions: (StoredVersionRow & { data: Uint8Array })[]
  files: { sha256: string; type: string; added_at: number | string; data: Uint8Array }[]
}

export function dumpFromRows(pageId: string, rows: PageDumpRows): PageDump | null {
  const { record, snapshot, updates, access, text, tags, versions, files } = rows
  if (!record && !snapshot && updates.length === 0 && !access && versions.length === 0 && files.length === 0) return null
  return {
    id: pageId,
    record: record
      ? { meta: record.meta, title: record.title, day: record.day, writers: record.writers, createdAt: record.created_at, updatedAt: record.updated_at }
      : null,
    snapshot: snapshot ? new Uint8Array(snapshot.data) : null,
    updates: updates.map((row) => ({ data: new Uint8Array(row.data), createdAt: row.created_at })),
    access,
    text: text ?? null,
    tags: tags.map((row) => row.key),
    versions: versions.map((row) => ({ id: row.id, createdAt: row.created_at, writers: row.writers, bytes: row.bytes, data: new Uint8Array(row.data) })),
    files: files.map((row) => ({ sha256: row.sha256, type: row.type, addedAt: Number(row.added_at), data: new Uint8Array(row.data) })),
  }
}
