// The frames of the federation link: one WebSocket from a room relay to the city's relay carries
// every page the room has open, so a room costs the city one socket, not one per page. Written
// plainly with lib0, like y-protocols.
//
//   subscribe   room → city   page                 mirror this page (both ways, live)
//   unsubscribe room → city   page                 the room no longer holds it
//   page        both ways     page, frame          a y-websocket frame (sync, awareness, Carnet's
//                                                  extension), as a client and its relay exchange
//   access      both ways     page, record | null  who may write, as this side holds it: the key's
//                                                  hash and the flags — never the key
//   access-change room → city page, change         a close, reopen or open-to-all made in the room
//   versions    room → city   page, versions       history versions taken in the room while the
//                                                  city could not hear of the page's changes
//   versions-stored city → room page, count         the city stored them
//   files-have  both ways     page, names          the page's photos this side holds (SHA-256s)
//   files-want  both ways     page, names          the ones it lacks of those the other holds
//   file        both ways     page, name, type, bytes  one photo
//   file-stored both ways     page, name           it is stored
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { isValidPageId } from '@carnet/core'
import type { AccessChange, NewPageVersion, PageAccess, StoredFile } from '../archive/store.js'

export const LinkFrameType = {
  subscribe: 0,
  unsubscribe: 1,
  page: 2,
  access: 3,
  accessChange: 4,
  versions: 5,
  versionsStored: 6,
  filesHave: 7,
  filesWant: 8,
  file: 9,
  fileStored: 10,
} as const

export type LinkFrame =
  | { kind: 'subscribe'; pageId: string }
  | { kind: 'unsubscribe'; pageId: string }
  | { kind: 'page'; pageId: string; frame: Uint8Array }
  | { kind: 'access'; pageId: string; access: PageAccess | null }
  | { kind: 'access-change'; pageId: string; change: AccessChange }
  | { kind: 'versions'; pageId: string; versions: NewPageVersion[] }
  | { kind: 'versions-stored'; pageId: string; count: number }
  | { kind: 'files-have'; pageId: string; names: string[] }
  | { kind: 'files-want'; pageId: string; names: string[] }
  | { kind: 'file'; pageId: string; file: StoredFile }
  | { kind: 'file-stored'; pageId: string; name: string }

const SHA256 = /^[0-9a-f]{64}$/

export class LinkFrameError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'LinkFrameError'
  }
}

export function encodeLinkFrame(frame: LinkFrame): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, typeOf(frame))
  encoding.writeVarString(encoder, frame.pageId)
  switch (frame.kind) {
    case 'page':
      encoding.writeVarUint8Array(encoder, frame.frame)
      break
    case 'access':
      encoding.writeVarString(encoder, JSON.stringify(frame.access))
      break
    case 'access-change':
      encoding.writeVarString(encoder, JSON.stringify(frame.change))
      break
    case 'versions':
      encoding.writeVarUint(encoder, frame.versions.length)
      for (const version of frame.versions) {
        encoding.writeVarUint(encoder, version.createdAt)
        encoding.writeVarString(encoder, JSON.stringify(version.writers))
        encoding.writeVarUint8Array(encoder, version.state)
      }
      break
    case 'versions-stored':
      encoding.writeVarUint(encoder, frame.count)
      break
    case 'files-have':
    case 'files-want':
      encoding.writeVarUint(encoder, frame.names.length)
      for (const name of frame.names) encoding.writeVarString(encoder, name)
      break
    case 'file':
      encoding.writeVarString(encoder, frame.file.sha256)
      encoding.writeVarString(encoder, frame.file.type)
      encoding.writeVarUint8Array(encoder, frame.file.data)
      break
    case 'file-stored':
      encoding.writeVarString(encoder, frame.name)
      break
    case 'subscribe':
    case 'unsubscribe':
      break
  }
  return encoding.toUint8Array(encoder)
}

/** Reads one frame; throws `LinkFrameError` for anything else (the link is then closed). */
export function decodeLinkFrame(data: Uint8Array): LinkFrame {
  try {
    const decoder = decoding.createDecoder(data)
    const type = decoding.readVarUint(decoder)
    const pageId = decoding.readVarString(decoder)
    if (!isValidPageId(pageId)) throw new LinkFrameError('invalid page id')
    const frame = readBody(decoder, type, pageId)
    if (decoder.pos !== data.length) throw new LinkFrameError('trailing bytes after the frame')
    return frame
  } catch (error) {
    throw error instanceof LinkFrameError ? error : new LinkFrameError('malformed link frame')
  }
}

function readBody(decoder: decoding.Decoder, type: number, pageId: string): LinkFrame {
  switch (type) {
    case LinkFrameType.subscribe:
      return { kind: 'subscribe', pageId }
    case LinkFrameType.unsubscribe:
      return { kind: 'unsubscribe', pageId }
    case LinkFrameType.page:
      return { kind: 'page', pageId, frame: decoding.readVarUint8Array(decoder) }
    case LinkFrameType.access:
      return { kind: 'access', pageId, access: readAccess(decoding.readVarString(decoder)) }
    case LinkFrameType.accessChange:
      return { kind: 'access-change', pageId, change: readChange(decoding.readVarString(decoder)) }
    case LinkFrameType.versions: {
      const count = decoding.readVarUint(decoder)
      const versions: NewPageVersion[] = []
      for (let i = 0; i < count; i++) {
        const createdAt = decoding.readVarUint(decoder)
        const writers = JSON.parse(decoding.readVarString(decoder)) as unknown
        if (!Array.isArray(writers) || !writers.every((name) => typeof name === 'string')) throw new LinkFrameError('invalid version writers')
        versions.push({ createdAt, writers, state: decoding.readVarUint8Array(decoder) })
      }
      return { kind: 'versions', pageId, versions }
    }
    case LinkFrameType.versionsStored:
      return { kind: 'versions-stored', pageId, count: decoding.readVarUint(decoder) }
    case LinkFrameType.filesHave:
    case LinkFrameType.filesWant: {
      const count = decoding.readVarUint(decoder)
      const names: string[] = []
      for (let i = 0; i < count; i++) names.push(readName(decoder))
      return type === LinkFrameType.filesHave ? { kind: 'files-have', pageId, names } : { kind: 'files-want', pageId, names }
    }
    case LinkFrameType.file: {
      const sha256 = readName(decoder)
      const type = decoding.readVarString(decoder)
      if (!/^image\/(jpeg|png|webp|gif)$/.test(type)) throw new LinkFrameError('invalid photo type')
      return { kind: 'file', pageId, file: { sha256, type, data: decoding.readVarUint8Array(decoder) } }
    }
    case LinkFrameType.fileStored:
      return { kind: 'file-stored', pageId, name: readName(decoder) }
    default:
      throw new LinkFrameError(`unknown link frame type ${type}`)
  }
}

function readName(decoder: decoding.Decoder): string {
  const name = decoding.readVarString(decoder)
  if (!SHA256.test(name)) throw new LinkFrameError('invalid photo name')
  return name
}

function readAccess(json: string): PageAccess | null {
  const value = JSON.parse(json) as unknown
  if (value === null) return null
  const record = value as Partial<PageAccess>
  const hashOk = record.keyHash === null || (typeof record.keyHash === 'string' && /^[0-9a-f]{64}$/.test(record.keyHash))
  if (!hashOk || typeof record.openToAll !== 'boolean' || typeof record.closed !== 'boolean') throw new LinkFrameError('invalid access record')
  return { keyHash: record.keyHash ?? null, openToAll: record.openToAll, closed: record.closed }
}

function readChange(json: string): AccessChange {
  const value = JSON.parse(json) as Record<string, unknown>
  const change: AccessChange = {}
  if (typeof value.openToAll === 'boolean') change.openToAll = value.openToAll
  if (typeof value.closed === 'boolean') change.closed = value.closed
  if (Object.keys(change).length === 0) throw new LinkFrameError('empty access change')
  return change
}

function typeOf(frame: LinkFrame): number {
  switch (frame.kind) {
    case 'subscribe':
      return LinkFrameType.subscribe
    case 'unsubscribe':
      return LinkFrameType.unsubscribe
    case 'page':
      return LinkFrameType.page
    case 'access':
      return LinkFrameType.access
    case 'access-change':
      return LinkFrameType.accessChange
    case 'versions':
      return LinkFrameType.versions
    case 'versions-stored':
      return LinkFrameType.versionsStored
    case 'files-have':
      return LinkFrameType.filesHave
    case 'files-want':
      return LinkFrameType.filesWant
    case 'file':
      return LinkFrameType.file
    case 'file-stored':
      return LinkFrameType.fileStored
  }
}
