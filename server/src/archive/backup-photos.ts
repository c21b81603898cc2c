// A backup is one file that carries everything: the photos an archive keeps in its directory
// (photo-directory.ts) are copied into the backup's own `file_chunks`, the form every Carnet
// reads, so that restoring it, on this server or another, brings them back without the directory.
import Database from 'better-sqlite3'
import { FILE_CHUNK_BYTES } from './sqlite-file-chunks.js'
import type { PhotoDirectory } from './photo-directory.js'

/** Moves into `backupFile` the bytes of the photos its rows say are in `photos`; returns those missing there. */
export function embedDirectoryPhotos(backupFile: string, photos: PhotoDirectory): string[] {
  const db = new Database(backupFile, { fileMustExist: true })
  const missing: string[] = []
  try {
    // An archive older than the photo directory (schema 9) has none of its photos there.
    const columns = db.prepare<[], { name: string }>('PRAGMA table_info(files)').all()
    if (!columns.some((column) => column.name === 'in_directory')) return missing
    const rows = db.prepare<[], { sha256: string }>('SELECT sha256 FROM files WHERE in_directory = 1').all()
    const insert = db.prepare('INSERT OR REPLACE INTO file_chunks (sha256, n, data, created_at) VALUES (?, ?, ?, ?)')
    const mark = db.prepare('UPDATE files SET in_directory = 0, chunks = ? WHERE sha256 = ?')
    const at = Date.now()
    for (const { sha256 } of rows) {
      const data = photos.readNow(sha256)
      if (!data) {
        missing.push(sha256)
        continue
      }
      db.transaction(() => {
        const count = Math.ceil(data.length / FILE_CHUNK_BYTES)
        for (let n = 0; n < count; n++) insert.run(sha256, n, data.subarray(n * FILE_CHUNK_BYTES, (n + 1) * FILE_CHUNK_BYTES), at)
        mark.run(count, sha256)
      })()
    }
  } finally {
    db.close()
  }
  return missing
}
