// Photos of a page over HTTP. `PUT /api/pages/<id>/files/<sha256>` takes the bytes of an image
// whose name is their SHA-256, from whoever may write the page (the edit key in `X-Carnet-Key`,
// unless the page is open to all); `GET` the same path gives them back, to anyone who can read
// the page (everyone: the archive is public). The browser resizes a photo and drops its metadata
// before sending it; the relay checks for itself what other programs could send: the bytes match
// their name, they really are an image of an accepted type (read from the bytes, never from the
// header; no SVG), they fit the limits, and they carry no location.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isValidEditKey, isValidPageId, type ApiError } from '@carnet/core'
import type { AccessRecords, PageFiles } from '../archive/store.js'
import type { RelayMetrics } from '../observability/metrics.js'
import { keyMatches } from '../relay/page-rights.js'
import { decodePathSegment } from './path-segment.js'
import { sendError, sendJson } from './respond.js'
import type { PhotoChecks } from './photo-checks.js'

const FILE_ROUTE = /^\/api\/pages\/([^/]+)\/files\/([^/]+)$/
const SHA256 = /^[0-9a-f]{64}$/

export interface PhotoLimits {
  /** Largest image accepted, as sent (after the browser resized it). */
  maxImageBytes: number
  /** All photos of one page together. */
  maxPageBytes: number
  /** All photos of the archive together (0: no limit). */
  maxServerBytes: number
}

export interface PageFilesDeps {
  store: PageFiles & Pick<AccessRecords, 'getAccess'>
  limits: PhotoLimits
  metrics: RelayMetrics
  /** Hashes and reads the photos received, off the relay's thread. */
  checks: PhotoChecks
  /** Told when a photo was added, so a room relay's link sends it to the city. */
  added?(pageId: string, sha256: string): void
}

/** Answers the request if it is a photo route; returns false otherwise. */
export async function handlePageFiles(req: IncomingMessage, res: ServerResponse, url: URL, deps: PageFilesDeps): Promise<boolean> {
  const match = FILE_ROUTE.exec(url.pathname)
  if (!match) return false
  const pageId = decodePathSegment(match[1]!)
  const sha256 = decodePathSegment(match[2]!)
  if (!isValidPageId(pageId)) {
    sendError(res, 400, 'invalid page id: expected 3 to 64 characters among a-z, 0-9 and "-"')
    return true
  }
  if (!SHA256.test(sha256)) {
    sendError(res, 400, 'invalid photo name: expected the SHA-256 of its bytes, 64 lowercase hexadecimal characters')
    return true
  }
  if (req.method === 'GET' || req.method === 'HEAD') await send(res, pageId, sha256, deps)
  else if (req.method === 'PUT') await receive(req, res, pageId, sha256, deps)
  else sendError(res, 405, 'method not allowed')
  return true
}

async function send(res: ServerResponse, pageId: string, sha256: string, deps: PageFilesDeps): Promise<void> {
  const file = await deps.store.getPageFile(pageId, sha256)
  if (!file) {
    sendError(res, 404, 'no such photo on this page (it may not have been sent yet)')
    return
  }
  res.writeHead(200, {
    'Content-Type': file.type,
    'Content-Length': file.data.length,
    // Named by their bytes: they never change.
    'Cache-Control': 'public, max-age=31536000, immutable',
    'X-Content-Type-Options': 'nosniff',
    'Content-Disposition': 'inline',
  })
  res.end(file.data)
}

async function receive(req: IncomingMessage, res: ServerResponse, pageId: string, sha256: string, deps: PageFilesDeps): Promise<void> {
  const refuse = (status: number, message: string, result: string) => {
    deps.metrics.upload(result)
    // A 413 has three causes the writer is told apart: the photo, the page or the server is full;
    // a 507, the disk. Both carry their reason.
    if (status === 413 || status === 507) sendJson(res, status, { error: message, reason: result } satisfies ApiError)
    else sendError(res, status, message)
    // What the client still sends is read and dropped, so the answer reaches it.
    req.resume()
  }
  const header = req.headers['x-carnet-key']
  const key = Array.isArray(header) ? header[0] : header
  if (key !== undefined && !isValidEditKey(key)) return refuse(400, 'invalid edit key in X-Carnet-Key', 'bad-key')
  const access = await deps.store.getAccess(pageId)
  if (!access) return refuse(409, 'this page is not saved on this server yet: the photo is kept on your device and sent in a moment', 'page-not-saved')
  if (access.closed) return refuse(403, 'the page is closed: nobody can add photos until an edit-key holder reopens it', 'closed')
  if (!access.openToAll && !keyMatches(access, key)) return refuse(403, 'read-only: adding a photo needs the page’s edit key', 'forbidden')
  const { maxImageBytes, maxPageBytes, maxServerBytes } = deps.limits
  const declared = Number(req.headers['content-length'] ?? Number.NaN)
  if (declared > maxImageBytes) return refuse(413, `photo too large: at most ${maxImageBytes} bytes once resized`, 'too-large')
  let body: Uint8Array | null
  try {
    body = await readBody(req, maxImageBytes)
  } catch (error) {
    // The sender hung up midway (a phone losing the network): nothing is stored, nobody to answer.
    // Its device keeps the photo and sends it again.
    if (req.destroyed || (error as NodeJS.ErrnoException).code === 'ECONNRESET') {
      deps.metrics.upload('cut')
      return
    }
    throw error
  }
  if (!body) return refuse(413, `photo too large: at most ${maxImageBytes} bytes once resized`, 'too-large')
  const { data, digest, image } = await deps.checks.check(body)
  if (digest !== sha256) return refuse(400, 'the bytes do not match their name: the name must be the SHA-256 of the bytes sent', 'hash-mismatch')
  if (image.kind === 'not-an-image') return refuse(415, 'not a photo of an accepted type: JPEG, PNG, WebP or GIF (read from the bytes; SVG is refused)', 'not-an-image')
  if (image.kind === 'located') return refuse(422, 'the photo still carries where it was taken (GPS): remove its location before sending it', 'located')
  const used = await deps.store.fileBytes(pageId)
  if (used.page + data.length > maxPageBytes) return refuse(413, `this page holds as many photos as it may: at most ${maxPageBytes} bytes of them`, 'page-full')
  if (maxServerBytes > 0 && used.all + data.length > maxServerBytes) return refuse(413, 'this server holds as many photos as it may: ask its operator', 'server-full')
  let outcome: 'created' | 'exists'
  try {
    outcome = await deps.store.addPageFile(pageId, { sha256, type: image.type, data }, Date.now())
  } catch (error) {
    // The writer's device keeps the photo and sends it again (any 5xx means "later").
    if (isStorageFull(error)) return refuse(507, 'the server’s disk is full: the photo stays on your device and is sent once there is room', 'disk-full')
    throw error
  }
  deps.metrics.upload(outcome, data.length)
  if (outcome === 'created') deps.added?.(pageId, sha256)
  sendJson(res, outcome === 'created' ? 201 : 200, { sha256, type: image.type, bytes: data.length })
}

/** A full disk or quota, as the file system (photo directory) or SQLite (pieces, rows) says it. */
function isStorageFull(error: unknown): boolean {
  const code = (error as { code?: unknown }).code
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL'
}

/**
 * The body, or null when it is larger than `max`. With a declared length the bytes are copied
 * once, piece by piece as they come, into a buffer of that size: gathering them at the end cost
 * the relay's thread two copies of 2 MB in one go.
 */
async function readBody(req: IncomingMessage, max: number): Promise<Uint8Array | null> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN)
  const into = Number.isSafeInteger(declared) && declared >= 0 && declared <= max ? Buffer.allocUnsafe(declared) : null
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const piece = chunk as Buffer
    if (size + piece.length > max) return null
    // Node's parser stops a body at its declared length: `into` never overflows.
    if (into) piece.copy(into, size)
    else chunks.push(piece)
    size += piece.length
  }
  return into ? into.subarray(0, size) : Buffer.concat(chunks)
}
