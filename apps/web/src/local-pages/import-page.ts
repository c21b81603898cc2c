// "Importer une page": turns a file into a new page of this computer. Markdown, wikitext, HTML and
// `.carnet` backups are read here, in the browser (offline too): the new page's document is
// written straight into its IndexedDB copy, then opened like any page, and reaches the relay with
// its first sync, which claims it with the key minted here; a backup's photos are kept with it in
// this browser and sent once the page is on the relay (features/photos). A .docx (its reader is too large for
// the app) and a very large wiki page (too costly to parse in the tab) need the server: they are
// sent to `POST /api/import`, which answers the page's id and key.
import * as Y from 'yjs'
import { IndexeddbPersistence } from 'y-indexeddb'
import { newEditKey } from '@carnet/core/edit-key'
import { newPageId, slugify } from '@carnet/core/page-id'
import { readPageMeta } from '@carnet/core/page-doc'
import type { ApiError, ImportResponse, PageSummary, SettingsResponse } from '@carnet/core/http-api'
import { importFormatOfFile, readsInBrowser, type ImportFormat } from '@carnet/export/import-formats'
import { localDatabaseName } from '../sync/local-database-name.js'
import { rehomePhotos, type PageBackup } from '@carnet/export/page-backup'
import { keepPhoto } from '../features/photos/local-photos.js'

export const IMPORT_MAX_BYTES = 16 * 1024 * 1024

export type ImportFailure = 'too-large' | 'unreadable' | 'not-a-page' | 'too-deep' | 'empty' | 'unknown-format' | 'needs-server' | 'refused'

export class ImportError extends Error {
  constructor(
    readonly reason: ImportFailure,
    /** The server's own sentence, for a refusal (`refused`). */
    readonly detail = '',
  ) {
    super(detail || reason)
    this.name = 'ImportError'
  }
}

export interface ImportedPage {
  pageId: string
  editKey: string
  title: string
}

async function docFromFile(file: File, format: ImportFormat, settings: SettingsResponse | null): Promise<PageBackup> {
  const importer = await import('@carnet/export/import-document')
  const bytes = new Uint8Array(await file.arrayBuffer())
  try {
    if (format.id === 'carnet') return importer.backupToPage(bytes)
    const options = { fileName: file.name, wikiUrl: settings?.wiki?.url ?? null, categoryNamespace: settings?.wiki?.categoryNamespace ?? 'Catégorie' }
    return { doc: importer.importedPageToDoc(importer.readTextImport(format.id as 'md' | 'wiki' | 'html', importer.decodeText(bytes), options), options), photos: [] }
  } catch (error) {
    const reason = (error as { reason?: unknown }).reason
    if (reason === 'unreadable' || reason === 'not-a-page' || reason === 'too-deep' || reason === 'empty') throw new ImportError(reason)
    throw new ImportError('unreadable')
  }
}

async function importInBrowser(file: File, format: ImportFormat, settings: SettingsResponse | null): Promise<ImportedPage> {
  const { doc, photos } = await docFromFile(file, format, settings)
  const title = readPageMeta(doc).title
  const pageId = newPageId(slugify(title).slice(0, 30) || 'import')
  // The photos first, under the new page: the page never names a photo this browser lacks.
  rehomePhotos(doc, pageId)
  for (const photo of photos) {
    const blob = new Blob([photo.data as Uint8Array<ArrayBuffer>], { type: photo.type })
    await keepPhoto({ pageId, sha256: photo.sha256, type: photo.type, blob, addedAt: Date.now(), state: 'waiting' })
  }
  const local = new IndexeddbPersistence(localDatabaseName(pageId), doc)
  // Opening the database writes the whole document into it first.
  await local.whenSynced
  await local.destroy()
  doc.destroy()
  return { pageId, editKey: newEditKey(), title }
}

async function importOnServer(file: File, format: ImportFormat): Promise<ImportedPage> {
  if (!navigator.onLine) throw new ImportError('needs-server')
  let res: Response
  try {
    res = await fetch(`/api/import?format=${format.id}&name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file, headers: { 'Content-Type': 'application/octet-stream' } })
  } catch {
    throw new ImportError('needs-server')
  }
  const body = (await res.json().catch(() => null)) as (ImportResponse & Partial<ApiError>) | null
  if (!res.ok || !body?.id || !body.key) throw new ImportError('refused', body?.error ?? `HTTP ${res.status}`)
  const summary = (await fetch(`/api/pages/${body.id}`)
    .then((answer) => (answer.ok ? answer.json() : null))
    .catch(() => null)) as PageSummary | null
  return { pageId: body.id, editKey: body.key, title: summary?.title ?? file.name }
}

/** Makes a new page of the file; which format it is comes from its name (or its type). */
export async function importPage(file: File, settings: SettingsResponse | null): Promise<ImportedPage> {
  const format = importFormatOfFile(file.name, file.type)
  if (!format) throw new ImportError('unknown-format')
  if (file.size > (settings?.importMaxBytes ?? IMPORT_MAX_BYTES)) throw new ImportError('too-large')
  return readsInBrowser(format, file.size) ? importInBrowser(file, format, settings) : importOnServer(file, format)
}
