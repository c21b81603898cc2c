// `POST /api/import?format=md|wiki|html|docx|carnet[&name=<file name>]`: a file (the request's
// body) becomes a new page of the archive, claimed with an edit key minted here; the answer,
// `201 { "id", "key" }`, is the only place that key ever appears. Bad input is refused with a 4xx
// and a French sentence the app shows as it is — never a 500.
//
// The file is read in an import worker (../import/import-workers.ts), off the relay's event loop,
// with a memory cap and a time limit. The page is then written the way the relay writes a page's
// first change, and only then answered: the access record first (so the page is never open to
// all, not even for a moment), then its photos (a .carnet backup's, each checked as an upload is:
// an accepted image type read from the bytes, no location, within the photo limits), then the
// document as one update through the page log (durable when the promise resolves), its meta, its
// search entry and a first version of its history. The
// update passes the relay's own checks — a well-formed Yjs update, the page's shape within the
// limits, the page's size — so an imported page is one the relay would have accepted from a
// client. The id is new and random: no room holds it, no client can be writing it.
import type { IncomingMessage, ServerResponse } from 'node:http'
import * as Y from 'yjs'
import type { Logger } from 'pino'
import { newEditKey, newPageId, readPageMeta, slugify, type ImportResponse } from '@carnet/core'
import { IMPORT_FORMAT_IDS, findImportFormat, type ImportFormatId } from '@carnet/export/import-formats'
import type { ImportRefusal } from '@carnet/export/imported-page'
import { rehomePhotos, type BackupPhoto } from '@carnet/export/page-backup'
import type { AccessRecords, PageCatalogue, PageFiles, PageHistory, PageLog, StoredFile } from '../archive/store.js'
import { pageIndexEntry } from '../archive/page-index-entry.js'
import { hashEditKey } from '../relay/page-rights.js'
import { checkUpdate } from '../relay/update-check.js'
import { checkUpdateShape } from '../relay/update-shape.js'
import type { ImportRateLimit } from './import-rate-limit.js'
import { ImportWorkerError, type ImportWorkers } from '../import/import-workers.js'
import { sendError, sendJson } from './respond.js'
import type { PhotoChecks } from './photo-checks.js'
import type { PhotoLimits } from './page-files-api.js'

export interface ImportDeps {
  store: PageLog & AccessRecords & Pick<PageCatalogue, 'saveMeta' | 'indexPage'> & Pick<PageHistory, 'saveVersion'> & Pick<PageFiles, 'addPageFile' | 'fileBytes'>
  /** The limits uploads are held to; a backup's photos are held to the same. */
  photoLimits: PhotoLimits
  /** Reads what each photo of a backup is, off the relay's thread. */
  photoChecks: PhotoChecks
  /** Told when a photo was added (a room relay's link sends it to the city). */
  photoAdded?(pageId: string, sha256: string): void
  /** Largest file read; a larger one is refused before it is read whole. */
  maxBytes: number
  /** Largest stored size of a page (`CARNET_MAX_PAGE_BYTES`), as the relay enforces it. */
  maxPageBytes: number
  wiki: { url: string; categoryNamespace: string } | null
  rateLimit: ImportRateLimit
  workers: ImportWorkers
  /** Who sends the request, as the HTTP side sees it (through trusted proxies). */
  clientAddress(req: IncomingMessage): string
  /** Browser origins allowed to write (`CARNET_ALLOWED_ORIGINS`); empty allows any. */
  allowedOrigins: readonly string[]
  log: Logger
}

/** A refusal with its status and the sentence for the person importing. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

const STATUS_OF: Record<ImportRefusal, number> = { unreadable: 422, 'not-a-page': 422, 'too-deep': 422, empty: 422 }

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} Mo`.replace('.', ',')
}

/** The body, read up to `maxBytes`; refused as soon as it announces or reaches more. */
async function readBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = (): Refusal => new Refusal(413, `Ce fichier est trop gros pour être importé (${megabytes(maxBytes)} au plus).`, { Connection: 'close' })
  const announced = Number(req.headers['content-length'] ?? Number.NaN)
  if (Number.isFinite(announced) && announced > maxBytes) throw tooLarge()
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length
    if (total > maxBytes) throw tooLarge()
    chunks.push(chunk)
  }
  return new Uint8Array(Buffer.concat(chunks, total))
}

/** The new page's document and the photos it carries, read by a worker. */
async function readDoc(format: ImportFormatId, bytes: Uint8Array, fileName: string | undefined, deps: ImportDeps): Promise<{ doc: Y.Doc; photos: BackupPhoto[] }> {
  let outcome
  try {
    outcome = await deps.workers.run({ format, bytes, fileName, wiki: deps.wiki })
  } catch (error) {
    if (!(error instanceof ImportWorkerError)) throw error
    if (error.failure === 'busy') throw new Refusal(503, 'Le serveur lit déjà d’autres fichiers : réessayez dans un moment.', { 'Retry-After': '10' })
    if (error.failure === 'crashed') throw error
    // Some files cost far more than their size (a wiki page full of tables): said plainly.
    throw new Refusal(422, 'Ce fichier est trop long ou trop lourd à lire pour le serveur : découpez-le en plusieurs pages, puis importez-les une à une.')
  }
  if (!outcome.ok) {
    if (outcome.reason) throw new Refusal(STATUS_OF[outcome.reason], outcome.message)
    throw new Error(outcome.message)
  }
  const doc = new Y.Doc()
  Y.applyUpdate(doc, outcome.update)
  return { doc, photos: outcome.photos }
}

/**
 * The backup's photos as the archive will keep them, each held to what an upload is held to:
 * its type read from its bytes (never SVG), no location, within the per-photo, per-page and
 * per-server limits. The whole import is refused otherwise: a page without its photos would
 * show holes.
 */
async function checkedPhotos(photos: BackupPhoto[], pageId: string, deps: ImportDeps): Promise<StoredFile[]> {
  const { maxImageBytes, maxPageBytes, maxServerBytes } = deps.photoLimits
  const checked: StoredFile[] = []
  let total = 0
  for (const photo of photos) {
    if (photo.data.length > maxImageBytes) throw new Refusal(413, `Une photo de cette sauvegarde est trop grosse pour ce serveur (${megabytes(maxImageBytes)} au plus par photo).`)
    // Read in the photo-check thread (photo-checks.ts), as uploads are; its name was checked by the import worker.
    const { data, image } = await deps.photoChecks.check(photo.data)
    if (image.kind === 'not-an-image') throw new Refusal(422, 'Une photo de cette sauvegarde n’est pas une image acceptée (JPEG, PNG, WebP ou GIF).')
    if (image.kind === 'located') throw new Refusal(422, 'Une photo de cette sauvegarde dit encore où elle a été prise (GPS) : ce serveur ne garde pas les lieux.')
    total += data.length
    checked.push({ sha256: photo.sha256, type: image.type, data })
  }
  if (total > maxPageBytes) throw new Refusal(413, `Les photos de cette sauvegarde dépassent ce qu’une page peut en garder (${megabytes(maxPageBytes)} au plus).`)
  if (maxServerBytes > 0 && total > 0 && (await deps.store.fileBytes(pageId)).all + total > maxServerBytes) {
    throw new Refusal(413, 'Ce serveur garde déjà autant de photos qu’il le peut : demandez à la personne qui s’en occupe.')
  }
  return checked
}

/** The document as the update the relay would store, after the relay's own checks. */
function checkedUpdate(doc: Y.Doc, maxPageBytes: number): Uint8Array {
  const update = Y.encodeStateAsUpdate(doc)
  if (update.length > maxPageBytes) {
    throw new Refusal(413, `Cette page serait trop grosse pour l’archive (${megabytes(maxPageBytes)} au plus).`)
  }
  const problem = checkUpdateShape(new Y.Doc(), checkUpdate(update), update)
  if (problem) throw new Refusal(422, `Ce fichier ne peut pas devenir une page Carnet : ${problem.kind === 'too-deep' ? 'il est imbriqué trop profondément' : 'sa structure dépasse les limites d’une page'}.`)
  return update
}

/** A new page id, and the document's update with its photos pointed at that id, after the relay's checks. */
function preparedPage(doc: Y.Doc, maxPageBytes: number): { id: string; update: Uint8Array } {
  const id = newPageId(slugify(readPageMeta(doc).title).slice(0, 30) || 'import')
  rehomePhotos(doc, id)
  return { id, update: checkedUpdate(doc, maxPageBytes) }
}

/** Stores the new page: claimed first, then its photos, its update, meta, search entry and first version. */
async function storeNewPage(doc: Y.Doc, first: { id: string; update: Uint8Array }, photos: StoredFile[], deps: ImportDeps): Promise<ImportResponse> {
  const meta = readPageMeta(doc)
  const key = newEditKey()
  const keyHash = hashEditKey(key)
  let page = first
  for (let attempt = 0; attempt < 3; attempt++, page = preparedPage(doc, deps.maxPageBytes)) {
    const { id, update } = page
    const holding = await deps.store.claimAccess(id, { keyHash, openToAll: false, closed: false })
    // 31^10 ids: another page holding this one is next to impossible, but it must stay its own.
    if (holding.keyHash !== keyHash) continue
    const now = Date.now()
    // The photos before the text that names them: nobody ever sees the page with a hole.
    for (const photo of photos) {
      if ((await deps.store.addPageFile(id, photo, now)) === 'created') deps.photoAdded?.(id, photo.sha256)
    }
    await deps.store.appendUpdates(id, [update], now)
    await deps.store.saveMeta(id, meta)
    await deps.store.indexPage(id, pageIndexEntry(doc))
    await deps.store.saveVersion(id, { state: update, createdAt: now, writers: [] })
    return { id, key }
  }
  throw new Error('no free page id after three tries')
}

function refusalOf(error: unknown, format: ImportFormatId, log: Logger): Refusal {
  if (error instanceof Refusal) return error
  // A parser that chokes on a file it was given is the file's problem to report, not a server error.
  log.warn({ err: error, format }, 'import could not read a file')
  return new Refusal(422, `Ce fichier n’a pas pu être lu comme ${findImportFormat(format)?.label ?? format} : vérifiez son format, puis réessayez.`)
}

export async function handleImport(req: IncomingMessage, res: ServerResponse, url: URL, deps: ImportDeps): Promise<void> {
  const refuse = (refusal: Refusal): void => {
    // A body left unread would be taken for the next request on a kept-alive connection.
    if (!req.readableEnded) res.setHeader('Connection', 'close')
    sendJson(res, refusal.status, { error: refusal.message }, refusal.headers)
  }
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST')
    refuse(new Refusal(405, 'Pour importer une page, envoyez le fichier par POST.'))
    return
  }
  const origin = req.headers.origin?.replace(/\/+$/, '')
  if (origin && deps.allowedOrigins.length > 0 && !deps.allowedOrigins.includes(origin)) {
    refuse(new Refusal(403, 'Ce site n’est pas autorisé à importer des pages sur ce serveur.'))
    return
  }
  const rawFormat = url.searchParams.get('format')
  const format = findImportFormat(rawFormat)
  if (!format) {
    const named = rawFormat ? `Le format « ${rawFormat.slice(0, 20)} » n’est pas connu` : 'Le format du fichier manque'
    refuse(new Refusal(400, `${named} : indiquez ?format= parmi ${IMPORT_FORMAT_IDS.join(', ')}.`))
    return
  }
  const wait = deps.rateLimit.take(deps.clientAddress(req), Date.now())
  if (wait !== null) {
    refuse(new Refusal(429, `Trop d’imports depuis cette adresse : réessayez dans ${wait} s.`, { 'Retry-After': String(wait) }))
    return
  }
  let page: { id: string; update: Uint8Array }
  let photos: StoredFile[]
  let doc: Y.Doc | undefined
  try {
    const bytes = await readBody(req, deps.maxBytes)
    if (bytes.length === 0) throw new Refusal(400, 'Le fichier est vide : envoyez-le comme corps de la requête.')
    const name = url.searchParams.get('name')?.slice(0, 255) || undefined
    const read = await readDoc(format.id, bytes, name, deps)
    doc = read.doc
    page = preparedPage(doc, deps.maxPageBytes)
    photos = await checkedPhotos(read.photos, page.id, deps)
  } catch (error) {
    doc?.destroy()
    refuse(refusalOf(error, format.id, deps.log))
    return
  }
  try {
    const stored = await storeNewPage(doc, page, photos, deps)
    deps.log.info({ pageId: stored.id, format: format.id, bytes: page.update.length, photos: photos.length }, 'page imported')
    sendJson(res, 201, stored satisfies ImportResponse, { Location: `/p/${stored.id}` })
  } catch (error) {
    deps.log.error({ err: error, format: format.id }, 'imported page could not be stored')
    sendError(res, 503, 'L’archive n’a pas pu enregistrer la page : réessayez dans un moment.')
  } finally {
    doc.destroy()
  }
}
