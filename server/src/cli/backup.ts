// `carnet backup <file>`: copies the whole archive with SQLite's online backup, while the server
// keeps running (WAL lets a second process read a consistent copy), then the photos kept beside
// it (backup-photos.ts).
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import Database from 'better-sqlite3'
import { checkBackup } from '../archive/sqlite-store.js'
import { embedDirectoryPhotos } from '../archive/backup-photos.js'
import { PhotoDirectory } from '../archive/photo-directory.js'

export async function backupArchive(archiveFile: string, target: string): Promise<string> {
  if (!existsSync(archiveFile)) throw new Error(`no archive at ${archiveFile} (set CARNET_DATA_DIR?)`)
  const destination = resolve(target)
  if (existsSync(destination)) throw new Error(`${destination} already exists: choose another file name`)
  const db = new Database(archiveFile, { readonly: true, fileMustExist: true })
  try {
    await db.backup(destination)
  } finally {
    db.close()
  }
  // The photos kept beside the archive go inside the backup: one file carries everything.
  const missing = embedDirectoryPhotos(destination, PhotoDirectory.besideArchive(archiveFile))
  if (missing.length > 0) process.stderr.write(`warning: ${missing.length} photo(s) named by the archive were not found beside it and are not in the backup\n`)
  await checkBackup(destination)
  return destination
}
