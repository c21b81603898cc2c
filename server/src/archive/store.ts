// The archive's storage contract. The relay and the HTTP API only talk to this interface, so an
// embedded SQLite file and (later) a PostgreSQL server are interchangeable. The rule every
// implementation keeps: once a promise from `appendUpdates` resolves, the updates survive a crash
// of the process; `compact` replaces log rows by a snapshot atomically, never losing one.
import type { PageMeta } from '@carnet/core'

/** Everything needed to rebuild a page's Y.Doc: its last snapshot, then the updates after it. */
export interface StoredPage {
  snapshot: Uint8Array | null
  updates: Uint8Array[]
  /** Sequence number of the last update in `updates` (or covered by the snapshot). */
  lastSeq: number
}

/** What the archive knows of a page without loading its document. */
export interface PageRecord {
  id: string
  meta: PageMeta
  createdAt: number
  updatedAt: number
}

/** Who may write a page (see DESIGN.md, "Rights"). No record means nobody has claimed it yet. */
export interface PageAccess {
  /** SHA-256 of the edit key, hex; null for a page open to all from the start. */
  keyHash: string | null
  openToAll: boolean
  closed: boolean
}

export interface PageListQuery {
  limit?: number
  offset?: number
}

export interface PageStore {
  /** `null` when the page has never been written. Throws when the page cannot be read. */
  loadPage(pageId: string): Promise<StoredPage | null>
  /** Appends the updates in one transaction; resolves once they are durable. Returns the last seq. */
  appendUpdates(pageId: string, updates: readonly Uint8Array[], at: number): Promise<number>
  /** Replaces every logged update with `seq <= throughSeq` by `state`, atomically. */
  compact(pageId: string, state: Uint8Array, throughSeq: number): Promise<void>
  getAccess(pageId: string): Promise<PageAccess | null>
  saveAccess(pageId: string, access: PageAccess): Promise<void>
  /** Records the page's metadata (title, tags…) as read from its document. */
  saveMeta(pageId: string, meta: PageMeta): Promise<void>
  getPage(pageId: string): Promise<PageRecord | null>
  listPages(query?: PageListQuery): Promise<PageRecord[]>
  /** Throws when the storage cannot answer (for /healthz). */
  check(): Promise<void>
  close(): Promise<void>
}
