// The y-websocket wire format, written plainly with lib0 (as y-protocols does), plus the few
// fast readers a receiver needs to stamp an arrival without applying the update: message type,
// sync sub-type, and the first struct's (client, clock) — enough to know which keystroke it is.
//
// Message: varUint type (0 sync, 1 awareness, 2 auth, 3 query awareness), then for sync a varUint
// sub-type (0 step1 + state vector, 1 step2 + update, 2 update) and a varUint8Array payload.
// Hocuspocus puts the document name (varString) before every message (see hocuspocus.mjs).
import * as encoding from 'lib0/encoding'

export const MESSAGE_SYNC = 0
export const MESSAGE_AWARENESS = 1
export const MESSAGE_AUTH = 2
export const SYNC_STEP1 = 0
export const SYNC_STEP2 = 1
export const SYNC_UPDATE = 2

/** A Yjs update that changes nothing (no structs, empty delete set). */
export const EMPTY_UPDATE = new Uint8Array([0, 0])
/** The state vector of an empty document. */
export const EMPTY_STATE_VECTOR = new Uint8Array([0])

/**
 * @param {string | null} prefix document name written first (Hocuspocus), or null
 * @param {number} sub SYNC_STEP1 | SYNC_STEP2 | SYNC_UPDATE
 * @param {Uint8Array} payload
 * @returns {Uint8Array}
 */
export function encodeSync(prefix, sub, payload) {
  const encoder = encoding.createEncoder()
  if (prefix !== null) encoding.writeVarString(encoder, prefix)
  encoding.writeVarUint(encoder, MESSAGE_SYNC)
  encoding.writeVarUint(encoder, sub)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

/**
 * Hocuspocus' authentication message (the provider sends it first, with an empty token when none).
 * @param {string} documentName
 * @param {string} token
 */
export function encodeHocuspocusAuth(documentName, token = '') {
  const encoder = encoding.createEncoder()
  encoding.writeVarString(encoder, documentName)
  encoding.writeVarUint(encoder, MESSAGE_AUTH)
  encoding.writeVarUint(encoder, 0) // AuthMessageType.Token
  encoding.writeVarString(encoder, token)
  return encoding.toUint8Array(encoder)
}

/**
 * A reusable cursor: the readers below allocate nothing per message (a receiver stamps
 * thousands of messages per second).
 */
export class Cursor {
  /** @param {Uint8Array} [bytes] */
  constructor(bytes = new Uint8Array(0)) {
    this.bytes = bytes
    this.pos = 0
  }

  /** @param {Uint8Array} bytes */
  reset(bytes) {
    this.bytes = bytes
    this.pos = 0
    return this
  }

  /** @returns {number} -1 past the end */
  varUint() {
    let num = 0
    let mult = 1
    const bytes = this.bytes
    while (this.pos < bytes.length) {
      const byte = bytes[this.pos++]
      num += (byte & 0x7f) * mult
      if (byte < 0x80) return num
      mult *= 0x80
      if (mult > 2 ** 53) return -1
    }
    return -1
  }

  /** Skips a varString or varUint8Array (length-prefixed). */
  skipBytes() {
    const length = this.varUint()
    if (length < 0) return false
    this.pos += length
    return this.pos <= this.bytes.length
  }
}

/**
 * What a receiver needs of a message: its type, sync sub-type, where the payload starts, and for
 * updates the first struct's client and clock. `prefixed` skips Hocuspocus' document name.
 * @param {Cursor} cursor reset on the message
 * @param {boolean} prefixed
 * @param {{ type: number, sub: number, payloadStart: number, payloadLength: number, client: number, clock: number }} out
 * @returns {boolean} false for a message that cannot be read
 */
export function readMessage(cursor, prefixed, out) {
  out.type = -1
  out.sub = -1
  out.client = -1
  out.clock = -1
  out.payloadStart = -1
  out.payloadLength = 0
  if (prefixed && !cursor.skipBytes()) return false
  out.type = cursor.varUint()
  // Hocuspocus' SyncReply (4) is a sync message that asks for no step1 in return.
  if (out.type !== MESSAGE_SYNC && out.type !== 4) return out.type >= 0
  out.sub = cursor.varUint()
  out.payloadLength = cursor.varUint()
  out.payloadStart = cursor.pos
  if (out.payloadLength < 0 || out.payloadStart + out.payloadLength > cursor.bytes.length) return false
  if (out.sub === SYNC_UPDATE || out.sub === SYNC_STEP2) {
    // Update v1: varUint number of clients, then per client: varUint structs, varUint client,
    // varUint clock of its first struct.
    const clients = cursor.varUint()
    if (clients > 0) {
      cursor.varUint() // number of structs
      out.client = cursor.varUint()
      out.clock = cursor.varUint()
    }
  }
  return true
}

/** @returns {{ type: number, sub: number, payloadStart: number, payloadLength: number, client: number, clock: number }} */
export function messageInfo() {
  return { type: -1, sub: -1, payloadStart: -1, payloadLength: 0, client: -1, clock: -1 }
}
