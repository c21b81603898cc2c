// Reads a file into the update of a new page: the importers of @carnet/export, the .docx reader
// loaded on first use (mammoth is large, and most servers never read a .docx). Runs inside an
// import worker (import-worker.ts), never on the relay's event loop.
import * as Y from 'yjs'
import { backupToPage, decodeText, importedPageToDoc, readTextImport } from '@carnet/export/import-document'
import type { BackupPhoto } from '@carnet/export/page-backup'
import { ImportError } from '@carnet/export/imported-page'
import type { ImportJob, ImportOutcome } from './import-job.js'

async function readDoc(job: ImportJob): Promise<{ doc: Y.Doc; photos: BackupPhoto[] }> {
  if (job.format === 'carnet') return backupToPage(job.bytes)
  const options = { fileName: job.fileName, wikiUrl: job.wiki?.url ?? null, categoryNamespace: job.wiki?.categoryNamespace ?? 'Catégorie' }
  if (job.format === 'docx') {
    const { docxToPage } = await import('@carnet/export/import-docx')
    return { doc: importedPageToDoc(await docxToPage(job.bytes), options), photos: [] }
  }
  return { doc: importedPageToDoc(readTextImport(job.format, decodeText(job.bytes), options), options), photos: [] }
}

export async function readImport(job: ImportJob): Promise<ImportOutcome> {
  try {
    const { doc, photos } = await readDoc(job)
    const update = Y.encodeStateAsUpdate(doc)
    doc.destroy()
    return { ok: true, update, photos }
  } catch (error) {
    if (error instanceof ImportError) return { ok: false, reason: error.reason, message: error.message }
    return { ok: false, reason: null, message: error instanceof Error ? error.message : String(error) }
  }
}
