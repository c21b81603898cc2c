// What relay processes say to each other about a page, as bytes on its Redis channel (lib0
// encoding): a format version, the sender's id (a process hears its own messages and ignores
// them), the kind, then its payload. A message this Carnet cannot read — a newer one's — is
// ignored, never fatal.
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { PageAccess } from '../archive/store.js'

const FORMAT = 1

export type PeerMessage =
  /** Updates the sender committed to the archive, in the order it committed them. */
  | { kind: 'updates'; updates: Uint8Array[] }
  /** A y-protocols awareness update from the sender's clients. */
  | { kind: 'awareness'; update: Uint8Array }
  /** The access record as the sender stored it (the receivers read it again too). */
  | { kind: 'access-changed'; access: PageAccess }
  | { kind: 'awareness-query' }
  /** The sender could not publish some of its changes: read the page again from the archive. */
  | { kind: 'catch-up' }

const KINDS = ['updates', 'awareness', 'access-changed', 'awareness-query', 'catch-up'] as const

export function encodePeerMessage(sender: string, message: PeerMessage): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, FORMAT)
  encoding.writeVarString(encoder, sender)
  encoding.writeVarUint(encoder, KINDS.indexOf(message.kind))
  if (message.kind === 'updates') {
    encoding.writeVarUint(encoder, message.updates.length)
    for (const update of message.updates) encoding.writeVarUint8Array(encoder, update)
  } else if (message.kind === 'awareness') {
    encoding.writeVarUint8Array(encoder, message.update)
  } else if (message.kind === 'access-changed') {
    encoding.writeVarString(encoder, JSON.stringify(message.access))
  }
  return encoding.toUint8Array(encoder)
}

/** The sender and the message, or null when it is not one this Carnet can read. */
export function decodePeerMessage(data: Uint8Array): { sender: string; message: PeerMessage } | null {
  try {
    const decoder = decoding.createDecoder(data)
    if (decoding.readVarUint(decoder) !== FORMAT) return null
    const sender = decoding.readVarString(decoder)
    const kind = KINDS[decoding.readVarUint(decoder)]
    switch (kind) {
      case 'updates': {
        const count = decoding.readVarUint(decoder)
        const updates: Uint8Array[] = []
        // Each update is at least its length byte: a count past the bytes left is garbage.
        if (count > data.length) return null
        for (let i = 0; i < count; i++) updates.push(decoding.readVarUint8Array(decoder))
        return { sender, message: { kind, updates } }
      }
      case 'awareness':
        return { sender, message: { kind, update: decoding.readVarUint8Array(decoder) } }
      case 'access-changed': {
        const access = readAccess(decoding.readVarString(decoder))
        return access ? { sender, message: { kind, access } } : null
      }
      case 'awareness-query':
      case 'catch-up':
        return { sender, message: { kind } }
      default:
        return null
    }
  } catch {
    return null
  }
}

function readAccess(json: string): PageAccess | null {
  const value = JSON.parse(json) as Partial<PageAccess> | null
  if (!value || typeof value.openToAll !== 'boolean' || typeof value.closed !== 'boolean') return null
  if (value.keyHash !== null && typeof value.keyHash !== 'string') return null
  return { keyHash: value.keyHash, openToAll: value.openToAll, closed: value.closed }
}
