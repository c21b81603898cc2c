// The archive's storage contract. The relay and the HTTP API only talk to this interface, so an
// embedded SQLite file and a PostgreSQL server are interchangeable. The rules every implementation
// keeps: once a promise from `appendUpdates` resolves, the updates survive a crash of the process;
// `compact` replaces log rows by a snapshot atomically, never losing one; versions (the page's
// history) are only ever added, never changed or deleted.
//
// A store may be shared by several relay processes (PostgreSQL, `shared`): then a process's
// document may lack rows another process has just committed, and sequence numbers become visible
// in commit order, not in number order. So a page is always "its snapshot plus every row left in
// its log", never "the rows after the snapshot's number", and a shared store compacts from what
// it stores, deleting exactly the rows it merged.
import type { PageAction, PageDecision, PageMeta, SeriesLinks } from '@carnet/core'

/**
 * Everything needed to rebuild a page's Y.Doc: its last snapshot, then every update still in its
 * log (applying one the snapshot already holds changes nothing: Yjs updates are idempotent).
 */
export interface StoredPage {
  snapshot: Uint8Array | null
  updates: Uint8Array[]
  /** Largest sequence number among `updates` (or covered by the snapshot). */
  lastSeq: number
}

/** The caller's document, holding every update of the page through `throughSeq`. */
export interface MemoryState {
  state: Uint8Array
  throughSeq: number
}

export interface CompactResult {
  /** Size of the snapshot written. */
  snapshotBytes: number
  /** Log rows folded into it (and deleted). */
  merged: number
}

/** A change of a claimed page's flags by an edit-key holder (close, reopen, open to all). */
export type AccessChange = Partial<Pick<PageAccess, 'openToAll' | 'closed'>>

/** What the archive knows of a page without loading its document. */
export interface PageRecord {
  id: string
  meta: PageMeta
  createdAt: number
  updatedAt: number
  /** Distinct writer names in the page's `Map('writers')`, as last indexed. */
  writers: number
}

/** Who may write a page (see docs/protocol.md, "Rights"). No record means nobody has claimed it yet. */
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
  /** The page's series links, decisions and actions (absent: leave them as they are). */
  project?: ProjectEntry
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

/**
 * The page log: a page's updates, folded into snapshots from time to time. What the relay needs to
 * keep a page; the rules in the header are this part's.
 */
export interface PageLog {
  /** Several relay processes may write the same pages through this store (see the header). */
  readonly shared: boolean
  /** `null` when the page has never been written. Throws when the page cannot be read. */
  loadPage(pageId: string): Promise<StoredPage | null>
  /** Appends the updates in one transaction; resolves once they are durable. Returns the last seq. */
  appendUpdates(pageId: string, updates: readonly Uint8Array[], at: number): Promise<number>
  /**
   * Folds the page's log into its snapshot, atomically. Without `memory`, merges the stored
   * snapshot and log rows in a fresh document and deletes exactly the rows it merged (rows
   * appended meanwhile stay); resolves `null` when another compaction of the page is under way, or
   * there is nothing to fold. With `memory`, a store written by one process only may write that
   * state instead (cheaper: no merge) and delete the rows through `memory.throughSeq`; a shared
   * store ignores it, since the caller's document may lack rows another process committed.
   */
  compact(pageId: string, memory?: MemoryState): Promise<CompactResult | null>
}

/** Who may write each page (the relay's rights). */
export interface AccessRecords {
  getAccess(pageId: string): Promise<PageAccess | null>
  /**
   * Stores `access` for a page nobody has claimed yet; when another connection (maybe through
   * another process) claimed it first, keeps theirs. Resolves the record that holds.
   */
  claimAccess(pageId: string, access: PageAccess): Promise<PageAccess>
  /** Changes a claimed page's flags; resolves the record as stored (`null`: never claimed). */
  updateAccess(pageId: string, change: AccessChange): Promise<PageAccess | null>
}

/** The catalogue of pages: their metadata and search index, for the archive's list and search. */
export interface PageCatalogue {
  /** Records the page's metadata (title, tags…) as read from its document. */
  saveMeta(pageId: string, meta: PageMeta): Promise<void>
  /** Updates the page's search entry and writer count; does nothing for a page never written. */
  indexPage(pageId: string, entry: PageIndexEntry): Promise<void>
  getPage(pageId: string): Promise<PageRecord | null>
  listPages(query?: PageListQuery): Promise<PageRecord[]>
}

/** A page's history: versions, only ever added. */
export interface PageHistory {
  /** Adds a version to the page's history; returns its id (ids grow with time). */
  saveVersion(pageId: string, version: NewPageVersion): Promise<number>
  /** The page's versions, newest first, without their state. */
  listVersions(pageId: string, limit?: number): Promise<PageVersionInfo[]>
  /** `null` when the page has no version of that id. */
  loadVersion(pageId: string, versionId: number): Promise<PageVersion | null>
}

/** Looking after the archive as a whole. */
export interface ArchiveAdministration {
  /** Throws when the storage cannot answer (for /healthz). */
  check(): Promise<void>
  /** Copies the whole archive to `file` while it is in use (an embedded store only). */
  backupTo?(file: string): Promise<void>
  /** Replaces the whole archive by the backup in `file`; the relay must hold no page meanwhile. */
  restoreFrom?(file: string): Promise<void>
  close(): Promise<void>
}

/** A page whose changes (or access change) a room relay has not yet told the city of. */
export interface UnsentPage {
  pageId: string
  /** When the first of them was made (ms). */
  since: number
  /** A close, reopen or open-to-all made here, not yet told. */
  accessChange: AccessChange | null
}

/**
 * A room relay's record of what its link to the city still owes it (see federation/): kept in the
 * archive, so that neither a lost link nor a `kill -9` forgets a page written in the room.
 */
export interface LinkLedger {
  /** The page has changes the city may lack (kept with the earliest `since`). */
  markUnsent(pageId: string, since: number): Promise<void>
  /** An access change made here, merged into what is not yet told. */
  addUnsentAccessChange(pageId: string, change: AccessChange, since: number): Promise<void>
  unsentPages(): Promise<UnsentPage[]>
  /** The city holds all of it now. */
  clearUnsent(pageId: string): Promise<void>
  /** Forgets a page entirely: its log, snapshot, access, metadata, search entry and versions. */
  removePage(pageId: string): Promise<void>
}

/** A join code as the archive keeps it (see packages/core/src/join-code.ts). */
export interface JoinCode {
  code: string
  pageId: string
  /** The page's edit key, for a code that writes; null for one that reads. */
  editKey: string | null
  /** Ms since the epoch. */
  expiresAt: number
}

/** Join codes: kept for a meeting's time, found by code, forgotten with their page's meeting. */
export interface JoinCodes {
  /** Adds a code; false when the code is taken (the caller mints another). */
  addJoinCode(code: JoinCode): Promise<boolean>
  /** A live code (not expired at `now`), or null. */
  findJoinCode(code: string, now: number): Promise<JoinCode | null>
  /** The page's live codes. */
  pageJoinCodes(pageId: string, now: number): Promise<JoinCode[]>
  /** Forgets the page's codes (its meeting ended), and every expired one. */
  forgetJoinCodes(pageId: string | null, now: number): Promise<void>
}

/** A photo as the archive keeps it: its bytes, named by their SHA-256 (hex). */
export interface StoredFile {
  sha256: string
  /** The image type read from the bytes (`image/jpeg`, `image/png`, `image/webp`, `image/gif`). */
  type: string
  data: Uint8Array
}

export interface PageFileInfo {
  sha256: string
  type: string
  bytes: number
  addedAt: number
}

/**
 * Photos of pages, content-addressed: one copy of each image however many pages use it, and
 * the pages it was added to (a page's photos are readable by whoever reads the page).
 */
export interface PageFiles {
  /** Adds the photo to the page: `created` the first time, `exists` when the page had it already. */
  addPageFile(pageId: string, file: StoredFile, at: number): Promise<'created' | 'exists'>
  /** The page's photo, or null when the page has none of that name. */
  getPageFile(pageId: string, sha256: string): Promise<StoredFile | null>
  listPageFiles(pageId: string): Promise<PageFileInfo[]>
  /** Bytes of the page's photos, and of every photo of the archive (each counted once). */
  fileBytes(pageId: string): Promise<{ page: number; all: number }>
  /** The page no longer uses this photo. */
  removePageFile(pageId: string, sha256: string): Promise<void>
  /** Pages with photos added before `before` (candidates for the sweep). */
  pagesWithFilesAddedBefore(before: number): Promise<string[]>
  /** Deletes photos no page uses any more; returns how many. */
  removeOrphanFiles(): Promise<number>
}

/** What a project's lists hold of a page, read from its document (page-index-entry.ts). */
export interface ProjectEntry {
  links: SeriesLinks
  decisions: PageDecision[]
  actions: PageAction[]
}

/** Which pages a project list covers: every criterion given must hold. */
export interface ProjectQuery {
  /** A tag the page carries, case and accents ignored. */
  tag?: string
  /** Any page id of a series: the pages of that series. */
  series?: string
  /** Actions only: the ones not done. */
  open?: boolean
  limit?: number
}

/** Where an item was found: its page, that page's title and its filing day (meeting date, else creation day). */
export interface ItemPage {
  pageId: string
  title: string
  day: string
}

export type StoredDecision = PageDecision & ItemPage
export type StoredAction = PageAction & ItemPage

/** A page's place in the archive's series, as last indexed. */
export interface SeriesFacts extends SeriesLinks {
  /** The same for every page of a series (one of its page ids); '' for a page alone. */
  series: string
  /** How many archived pages the series has (1 for a page alone). */
  seriesPages: number
}

/**
 * Meetings that follow each other and what a project decided and has to do, indexed from the
 * pages' bodies with their search entry (`indexPage`) so that the lists are read from tables, not
 * from documents. Two pages are in one series when each names the other (`a.next = b` and
 * `b.previous = a`): a link written on one side only — a page still offline, or someone
 * claiming another project's meeting — joins nothing.
 */
export interface ProjectLists {
  /** Stores a page's links, decisions and actions (as `indexPage` does with `entry.project`); nothing for a page never written. */
  saveProjectEntry(pageId: string, entry: ProjectEntry): Promise<void>
  /**
   * Pages written but never indexed for these lists (archived by an older Carnet), in id order
   * after `after` (a cursor: '' to start), at most `limit`.
   */
  pagesWithoutProjectEntry(after: string, limit: number): Promise<string[]>
  /** The archived pages of the series `pageId` belongs to, the most recent meeting first; [] for a page not archived. */
  seriesPages(pageId: string): Promise<PageRecord[]>
  /** The series facts of these pages (pages never indexed for the lists are left out). */
  seriesFacts(pageIds: readonly string[]): Promise<Map<string, SeriesFacts>>
  /** Decisions, the most recent meeting first, each page's in page order. */
  listDecisions(query: ProjectQuery): Promise<StoredDecision[]>
  /**
   * Actions, open ones first, then the most recent meeting first, each page's in page order; an
   * action carried from meeting to meeting (the same words on an earlier page) is listed once,
   * from its most recent page, done or not as it is there.
   */
  listActions(query: ProjectQuery): Promise<StoredAction[]>
}

/** An archive: both stores implement every part; each consumer depends on the parts it uses. */
export interface PageStore extends PageLog, AccessRecords, PageCatalogue, PageHistory, ArchiveAdministration, LinkLedger, JoinCodes, PageFiles, ProjectLists {}
