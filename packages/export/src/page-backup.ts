// The `.carnet` backup file: a page and its photos, to move it to another Carnet.
//
// Version 2 (this one), in lib0's encoding (varuint, varstring = varuint length + UTF-8,
// varbytes = varuint length + bytes):
//
//   8 bytes   the signature 0x89 "CARNET" 0x0A (a byte past ASCII, as PNG's, catches 7-bit
//             transfers; the line feed, newline conversion)
//   varuint   the format version: 2
//   varbytes  the page's whole Y.Doc as one plain Yjs update (`Y.encodeStateAsUpdate`)
//   varuint   the number of photos, then for each:
//     varstring  its name, the SHA-256 of its bytes (64 lowercase hex digits)
//     varstring  its image type (`image/jpeg`, `image/png`, `image/webp`, `image/gif`)
//     varbytes   its bytes
//
// Version 1 — a file that does not start with the signature — is the plain Yjs update alone, as
// Carnet wrote it before photos: still read. A reader checks every photo against its name.
// The page's plain Yjs state (any Yjs program reads it) is the `yjs` export, a `.yjs` file.
import { pageBody, pageMetaMap, photoPath, PHOTO_TYPES, readPhotoAddress, sha256, toHex, isSha256Hex } from '@carnet/core'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'

export const PAGE_BACKUP_FORMAT = {
  id: 'carnet',
  label: 'Sauvegarde Carnet (.carnet)',
  extension: 'carnet',
  contentType: 'application/octet-stream',
} as const

/** The page's Yjs state alone (`?format=yjs`): what any Yjs program reads, without the photos. */
export const YJS_STATE_FORMAT = {
  id: 'yjs',
  label: 'État Yjs de la page (.yjs)',
  extension: 'yjs',
  contentType: 'application/octet-stream',
} as const

export const PAGE_BACKUP_VERSION = 2
const SIGNATURE = Uint8Array.of(0x89, 0x43, 0x41, 0x52, 0x4e, 0x45, 0x54, 0x0a)
const ACCEPTED_TYPES: ReadonlySet<string> = new Set(PHOTO_TYPES)

/** A photo carried by a backup. */
export interface BackupPhoto {
  sha256: string
  type: string
  data: Uint8Array
}

export interface PageBackup {
  doc: Y.Doc
  photos: BackupPhoto[]
}

export class PageBackupError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PageBackupError'
  }
}

/** The page's document and the photos given (each once), as a version 2 `.carnet` file. */
export function encodePageBackup(doc: Y.Doc, photos: readonly BackupPhoto[] = []): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeUint8Array(encoder, SIGNATURE)
  encoding.writeVarUint(encoder, PAGE_BACKUP_VERSION)
  encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(doc))
  const once = [...new Map(photos.map((photo) => [photo.sha256, photo])).values()]
  encoding.writeVarUint(encoder, once.length)
  for (const photo of once) {
    encoding.writeVarString(encoder, photo.sha256)
    encoding.writeVarString(encoder, photo.type)
    encoding.writeVarUint8Array(encoder, photo.data)
  }
  return encoding.toUint8Array(encoder)
}

function startsWithSignature(bytes: Uint8Array): boolean {
  return bytes.length >= SIGNATURE.length && SIGNATURE.every((byte, i) => bytes[i] === byte)
}

/** The Yjs update and photos a file holds, before any of it is applied. */
function readContainer(bytes: Uint8Array): { update: Uint8Array; photos: BackupPhoto[] } {
  if (!startsWithSignature(bytes)) return { update: bytes, photos: [] }
  const decoder = decoding.createDecoder(bytes.subarray(SIGNATURE.length))
  let version: number
  let update: Uint8Array
  const photos: BackupPhoto[] = []
  try {
    version = decoding.readVarUint(decoder)
    if (version !== PAGE_BACKUP_VERSION) throw new PageBackupError(`this Carnet backup is of version ${version}: this Carnet reads versions 1 and 2`)
    update = decoding.readVarUint8Array(decoder)
    const count = decoding.readVarUint(decoder)
    for (let i = 0; i < count; i++) {
      // Copied out of the file: each photo owns its bytes (a view would keep the whole file alive).
      photos.push({ sha256: decoding.readVarString(decoder), type: decoding.readVarString(decoder), data: decoding.readVarUint8Array(decoder).slice() })
    }
  } catch (error) {
    if (error instanceof PageBackupError) throw error
    throw new PageBackupError('this file is not a Carnet backup: it is cut short')
  }
  if (decoding.hasContent(decoder)) throw new PageBackupError('this file is not a Carnet backup: bytes follow its last photo')
  for (const photo of photos) {
    if (!isSha256Hex(photo.sha256) || !ACCEPTED_TYPES.has(photo.type)) throw new PageBackupError('this Carnet backup holds a photo of an unknown name or type')
    if (toHex(sha256(photo.data)) !== photo.sha256) throw new PageBackupError('this Carnet backup holds a photo whose bytes do not match its name: the file is damaged')
  }
  return { update, photos }
}

/**
 * Reads a backup (version 2, or 1: a plain Yjs update) into a new doc and its photos; throws
 * `PageBackupError` when the bytes are not a Carnet page.
 */
export function decodePageBackup(bytes: Uint8Array): PageBackup {
  const { update, photos } = readContainer(bytes)
  const doc = new Y.Doc()
  try {
    // Parsed fully first: a truncated file must fail here, not leave a half-applied doc.
    Y.decodeUpdate(update)
    Y.applyUpdate(doc, update)
  } catch {
    doc.destroy()
    throw new PageBackupError('this file is not a Carnet backup: it is not a Yjs update')
  }
  if (doc.store.pendingStructs !== null || (pageBody(doc).length === 0 && pageMetaMap(doc).size === 0)) {
    doc.destroy()
    throw new PageBackupError('this file is not a Carnet backup: it holds no page')
  }
  return { doc, photos }
}

/**
 * Points the page's photos at `pageId`: a page read from a backup gets a new id, and an image's
 * `src` names the page that holds its photo. One transaction; photos of other sites are left.
 */
export function rehomePhotos(doc: Y.Doc, pageId: string): void {
  doc.transact(() => {
    // A stack of its own, not recursion: a page's depth is whatever its writers sent.
    const stack: Array<Y.XmlElement | Y.XmlText | Y.XmlHook> = pageBody(doc).toArray()
    while (stack.length > 0) {
      const node = stack.pop()!
      if (!(node instanceof Y.XmlElement)) continue
      if (node.nodeName === 'image') {
        const address = readPhotoAddress(node.getAttribute('src'))
        if (address && address.pageId !== pageId) node.setAttribute('src', photoPath(pageId, address.sha256))
      }
      stack.push(...node.toArray())
    }
  })
}
