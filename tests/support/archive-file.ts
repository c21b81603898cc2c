// Reading the relay's SQLite archive directly (read-only), the way the relay loads a page: the
// snapshot, then every logged update after it, in order. Tests use it to check what is really on
// disk, independently of the relay's memory and of the HTTP API.
import { existsSync, readFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import * as Y from 'yjs'

export interface ArchivedPage {
  pageId: string
  snapshot: { seq: number; data: Uint8Array } | null
  /** Every row of the update log for the page, in sequence order (including any a snapshot covers). */
  updates: { seq: number; data: Uint8Array }[]
}

export function archiveFile(dataDir: string): string {
  return join(dataDir, 'carnet.sqlite')
}

/** Every page with a snapshot or logged updates, by page id. */
export function readArchive(dataDir: string): Map<string, ArchivedPage> {
  const db = new Database(archiveFile(dataDir), { readonly: true, fileMustExist: true })
  try {
    const pages = new Map<string, ArchivedPage>()
    const page = (pageId: string): ArchivedPage => {
      let found = pages.get(pageId)
      if (!found) pages.set(pageId, (found = { pageId, snapshot: null, updates: [] }))
      return found
    }
    const snapshots = db.prepare('SELECT page_id, seq, data FROM snapshots').all() as { page_id: string; seq: number; data: Buffer }[]
    for (const row of snapshots) page(row.page_id).snapshot = { seq: row.seq, data: new Uint8Array(row.data) }
    const updates = db.prepare('SELECT page_id, seq, data FROM updates ORDER BY seq').all() as { page_id: string; seq: number; data: Buffer }[]
    for (const row of updates) page(row.page_id).updates.push({ seq: row.seq, data: new Uint8Array(row.data) })
    return pages
  } finally {
    db.close()
  }
}

/** Every saved version of every page (the history), as stored. */
export function readVersions(dataDir: string): { id: number; pageId: string; data: Uint8Array }[] {
  const db = new Database(archiveFile(dataDir), { readonly: true, fileMustExist: true })
  try {
    const rows = db.prepare('SELECT id, page_id, data FROM page_versions ORDER BY id').all() as { id: number; page_id: string; data: Buffer }[]
    return rows.map((row) => ({ id: row.id, pageId: row.page_id, data: new Uint8Array(row.data) }))
  } finally {
    db.close()
  }
}

export interface ArchivedPhoto {
  sha256: string
  type: string
  /** The size the row says it has. */
  bytes: number
  data: Uint8Array
  /** The pages it was added to. */
  pageIds: string[]
}

/** Every photo stored (table `files`), with the pages that hold it (table `page_files`). */
export function readPhotos(dataDir: string): Map<string, ArchivedPhoto> {
  const db = new Database(archiveFile(dataDir), { readonly: true, fileMustExist: true })
  try {
    const photos = new Map<string, ArchivedPhoto>()
    const files = db.prepare('SELECT sha256, type, bytes, chunks, in_directory, data FROM files').all() as { sha256: string; type: string; bytes: number; chunks: number; in_directory: number; data: Buffer }[]
    // A photo larger than 64 KiB is kept in a file beside the archive (carnet.sqlite-photos/ab/<sha256>),
    // or, in archives from before, as pieces (file_chunks), put back together here.
    const pieces = db.prepare('SELECT data FROM file_chunks WHERE sha256 = ? ORDER BY n')
    for (const row of files) {
      const inDirectory = join(`${archiveFile(dataDir)}-photos`, row.sha256.slice(0, 2), row.sha256)
      const data = row.in_directory
        ? existsSync(inDirectory) ? readFileSync(inDirectory) : Buffer.alloc(0)
        : row.chunks > 0 ? Buffer.concat((pieces.all(row.sha256) as { data: Buffer }[]).map((piece) => piece.data)) : row.data
      photos.set(row.sha256, { sha256: row.sha256, type: row.type, bytes: row.bytes, data: new Uint8Array(data), pageIds: [] })
    }
    const links = db.prepare('SELECT page_id, sha256 FROM page_files').all() as { page_id: string; sha256: string }[]
    for (const row of links) {
      const photo = photos.get(row.sha256)
      // A page naming a photo the archive lacks would be a torn write: shown as one with no bytes.
      if (photo) photo.pageIds.push(row.page_id)
      else photos.set(row.sha256, { sha256: row.sha256, type: '', bytes: -1, data: new Uint8Array(), pageIds: [row.page_id] })
    }
    return photos
  } finally {
    db.close()
  }
}

/** Rebuilds a page as the relay loads it: snapshot, then the updates logged after it. Throws what Yjs throws. */
export function rebuildPage(page: ArchivedPage): Y.Doc {
  const doc = new Y.Doc()
  const after = page.snapshot?.seq ?? 0
  Y.transact(doc, () => {
    if (page.snapshot) Y.applyUpdate(doc, page.snapshot.data)
    for (const update of page.updates) if (update.seq > after) Y.applyUpdate(doc, update.data)
  })
  return doc
}

/** True when some of the document's changes wait for changes it never received. */
export function hasMissingDependencies(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null
}
