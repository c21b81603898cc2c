// The archive's storage contract. The relay and the HTTP API only talk to this interface, so an
// embedded SQLite file and (later) a PostgreSQL server are interchangeable. The rule every
// implementation keeps: once a promise from `appendUpdates` resolves, the updates survive a crash
// of the process; `compact` replaces log rows by a snapshot atomically, never losing one; versions
// (the page's history) are only ever added, never changed or deleted.
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
  /** Distinct writer names in the page's `Map('writers')`, as last indexed. */
  writers: number
}

/** Who may write a page (see DESIGN.md, "Rights"). No record means nobody has claimed it yet. */
export interface PageAccess {
  /** SHA-256 of the edit key, hex; null for a page open to all from the start. */
  keyHash: string | null
  openToAll: boolean
  closed: boolean
}

/** Most recently changed first. Every criterion given must hold. */
export interface PageListQuery {
  limit?: number
  offset?: number
  /**
   * Words as a person typed them: each must start a word of the title, body, place or tags, with
   * case and accents ignored ("decision" finds "Décisions"). Never query syntax: the store
   * escapes it.
   */
  text?: string
  /** A tag the page carries, case and accents ignored. */
  tag?: string
  /** Days `YYYY-MM-DD`, inclusive, compared with the meeting date (`meta.date`), or the day (UTC) the page was created when it has none. */
  from?: string
  to?: string
}

/** What the search index holds of a page, read from its document. */
export interface PageIndexEntry {
  meta: PageMeta
  /** The body's plain text. */
  text: string
  /** Number of distinct writer names. */
  writers: number
}

/** One saved version of a page: its whole Yjs state at a moment. */
export interface NewPageVersion {
  state: Uint8Array
  createdAt: number
  /** Names of the people who wrote since the previous version. */
  writers: string[]
}

export interface PageVersionInfo {
  id: number
  createdAt: number
  writers: string[]
  /** Size of the stored state. */
  bytes: number
}

export interface PageVersion extends PageVersionInfo {
  state: Uint8Array
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
  /** Updates the page's search entry and writer count; does nothing for a page never written. */
  indexPage(pageId: string, entry: PageIndexEntry): Promise<void>
  getPage(pageId: string): Promise<PageRecord | null>
  listPages(query?: PageListQuery): Promise<PageRecord[]>
  /** Adds a version to the page's history; returns its id (ids grow with time). */
  saveVersion(pageId: string, version: NewPageVersion): Promise<number>
  /** The page's versions, newest first, without their state. */
  listVersions(pageId: string, limit?: number): Promise<PageVersionInfo[]>
  /** `null` when the page has no version of that id. */
  loadVersion(pageId: string, versionId: number): Promise<PageVersion | null>
  /** Throws when the storage cannot answer (for /healthz). */
  check(): Promise<void>
  /** Copies the whole archive to `file` while it is in use (an embedded store only). */
  backupTo?(file: string): Promise<void>
  /** Replaces the whole archive by the backup in `file`; the relay must hold no page meanwhile. */
  restoreFrom?(file: string): Promise<void>
  close(): Promise<void>
}
