// A page's document in any export format: the publishing formats of @carnet/export (Markdown,
// MediaWiki, HTML, text, JSON), a Word document (.docx), the `.carnet` backup (the document's whole
// Yjs state with its photos) and the Yjs state alone (`yjs`). The same answer serves the live page
// (`/export`) and any version of its history. The exporters are pure: the photos' bytes are read
// from the archive here, for the formats that carry them (HTML, .docx, .carnet).
import type { IncomingMessage, ServerResponse } from 'node:http'
// Sub-paths, not the package's index: the index also brings the Markdown import (markdown-it),
// which the server never uses.
import { EXPORT_FORMATS, renderExport } from '@carnet/export/formats'
import { pageFromDoc } from '@carnet/core/from-ydoc'
import { encodePageBackup, PAGE_BACKUP_FORMAT, YJS_STATE_FORMAT, type BackupPhoto } from '@carnet/export/page-backup'
import { photosInBody, type PmNode } from '@carnet/core'
import * as Y from 'yjs'
import type { PageFiles } from '../archive/store.js'
import { sendBytes, sendError, sendText } from './respond.js'

// (Written out, not imported: the .docx writer is loaded only when a .docx is asked for.)
const DOCX = { id: 'docx', extension: 'docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' } as const

export const EXPORT_FORMAT_IDS: readonly string[] = [...EXPORT_FORMATS.map((format) => format.id), DOCX.id, PAGE_BACKUP_FORMAT.id, YJS_STATE_FORMAT.id]
/** The formats that carry the photos' bytes (the others link them, or describe them). */
const WITH_PHOTOS: ReadonlySet<string> = new Set(['html', DOCX.id, PAGE_BACKUP_FORMAT.id])

/** The `format` parameter, or an error message listing the formats there are. */
export function readExportFormat(url: URL, fallback: string): { id: string } | { error: string } {
  const id = url.searchParams.get('format') ?? fallback
  if (EXPORT_FORMAT_IDS.includes(id)) return { id }
  return { error: `unknown export format "${id.slice(0, 20)}": expected one of ${EXPORT_FORMAT_IDS.join(', ')}` }
}

export interface ExportRequest {
  pageId: string
  doc: Y.Doc
  format: string
  /** File name without its extension (`<pageId>`, `<pageId>-version-<id>`). */
  fileStem: string
  /** The live page's address, written into the export so a copy leads back to it. */
  pageUrl: string
  /** The server's public address, which Markdown and wikitext link the photos under. */
  publicUrl: string
  /** Where the photos' bytes are read from. */
  files: Pick<PageFiles, 'getPageFile'>
  /** `?download=1`: served as an attachment. A backup and a .docx always are. */
  download: boolean
  /** The wiki's category namespace (`CARNET_WIKI_CATEGORY`), for the wikitext's categories. */
  wikiCategoryNamespace?: string | undefined
}

/** The bytes of the photos a body shows, those the archive holds (a photo still on its way is left out). */
async function readPhotos(body: PmNode, files: ExportRequest['files']): Promise<BackupPhoto[]> {
  const photos: BackupPhoto[] = []
  for (const address of photosInBody(body)) {
    const file = await files.getPageFile(address.pageId, address.sha256)
    if (file) photos.push(file)
  }
  return photos
}

export async function sendExport(res: ServerResponse, request: ExportRequest): Promise<void> {
  if (request.format === YJS_STATE_FORMAT.id) {
    sendBytes(res, 200, Y.encodeStateAsUpdate(request.doc), YJS_STATE_FORMAT.contentType, {
      'Content-Disposition': `attachment; filename="${request.fileStem}.${YJS_STATE_FORMAT.extension}"`,
    })
    return
  }
  const { meta, body } = pageFromDoc(request.doc)
  const photos = WITH_PHOTOS.has(request.format) ? await readPhotos(body, request.files) : []
  const input = {
    id: request.pageId,
    meta,
    body,
    url: request.pageUrl,
    publicUrl: request.publicUrl,
    photos: new Map(photos.map((photo) => [photo.sha256, photo])),
    wikiCategoryNamespace: request.wikiCategoryNamespace,
  }
  if (request.format === DOCX.id) {
    const { toDocx } = await import('@carnet/export/to-docx')
    sendBytes(res, 200, await toDocx(input), DOCX.contentType, {
      'Content-Disposition': `attachment; filename="${request.fileStem}.${DOCX.extension}"`,
    })
    return
  }
  if (request.format === PAGE_BACKUP_FORMAT.id) {
    sendBytes(res, 200, encodePageBackup(request.doc, photos), PAGE_BACKUP_FORMAT.contentType, {
      'Content-Disposition': `attachment; filename="${request.fileStem}.${PAGE_BACKUP_FORMAT.extension}"`,
    })
    return
  }
  const format = EXPORT_FORMATS.find((f) => f.id === request.format)
  if (!format) {
    sendError(res, 400, `unknown export format "${request.format.slice(0, 20)}"`)
    return
  }
  const text = renderExport(format.id, input)
  sendText(res, 200, text, format.contentType, {
    'Content-Disposition': `${request.download ? 'attachment' : 'inline'}; filename="${request.fileStem}.${format.extension}"`,
  })
}

export function wantsDownload(url: URL): boolean {
  return url.searchParams.get('download') === '1'
}

export function pageUrl(req: IncomingMessage, publicUrl: (req: IncomingMessage) => string, pageId: string): string {
  return `${publicUrl(req)}/p/${pageId}`
}
