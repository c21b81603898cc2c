// What an import worker is asked and answers: a file in a format, turned into the Yjs update of a
// new page (the whole document) and the photos it carries (a .carnet backup's), or the reason it
// could not be.
import type { ImportFormatId } from '@carnet/export/import-formats'
import type { ImportRefusal } from '@carnet/export/imported-page'
import type { BackupPhoto } from '@carnet/export/page-backup'

export interface ImportJob {
  format: ImportFormatId
  bytes: Uint8Array
  /** The file's name (`?name=`), the page's title when the file names none. */
  fileName: string | undefined
  wiki: { url: string; categoryNamespace: string } | null
}

export type ImportOutcome =
  /** `photos`: checked against their names; what they are is for the relay to check (image-check.ts). */
  | { ok: true; update: Uint8Array; photos: BackupPhoto[] }
  /** `reason` is null when a parser failed in a way no importer foresaw. */
  | { ok: false; reason: ImportRefusal | null; message: string }
