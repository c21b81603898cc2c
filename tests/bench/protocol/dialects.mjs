// How each contender's clients talk: the stock y-websocket protocol (Carnet, @y/websocket-server),
// the same frames with Hocuspocus' document name in front and its auth message first, or nothing
// at all (the floor forwards bytes and answers no handshake).
import { EMPTY_STATE_VECTOR, EMPTY_UPDATE, SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE, encodeHocuspocusAuth, encodeSync } from './frames.mjs'

/**
 * @typedef {object} Dialect
 * @property {'yws' | 'hocuspocus' | 'floor'} name
 * @property {boolean} prefixed every message starts with the document name
 * @property {boolean} handshake the client is synced once it has the server's step2
 * @property {(room: string) => Uint8Array[]} hello sent on open
 * @property {(room: string) => Uint8Array} answerStep1 our (empty) state, when the server asks
 * @property {(room: string, update: Uint8Array) => Uint8Array} update a sync update message
 * @property {(room: string, stateVector?: Uint8Array) => Uint8Array} step1 asks for the server's state
 */

/** @type {Dialect} */
export const yws = {
  name: 'yws',
  prefixed: false,
  handshake: true,
  hello: () => [encodeSync(null, SYNC_STEP1, EMPTY_STATE_VECTOR)],
  answerStep1: () => encodeSync(null, SYNC_STEP2, EMPTY_UPDATE),
  update: (_room, update) => encodeSync(null, SYNC_UPDATE, update),
  step1: (_room, sv = EMPTY_STATE_VECTOR) => encodeSync(null, SYNC_STEP1, sv),
}

/** @type {Dialect} */
export const floor = {
  ...yws,
  name: 'floor',
  handshake: false,
  hello: () => [],
}

/** @type {Dialect} */
export const hocuspocus = {
  name: 'hocuspocus',
  prefixed: true,
  handshake: true,
  // As @hocuspocus/provider does on open: authenticate (empty token), then sync step 1.
  hello: (room) => [encodeHocuspocusAuth(room, ''), encodeSync(room, SYNC_STEP1, EMPTY_STATE_VECTOR)],
  answerStep1: (room) => encodeSync(room, SYNC_STEP2, EMPTY_UPDATE),
  update: (room, update) => encodeSync(room, SYNC_UPDATE, update),
  step1: (room, sv = EMPTY_STATE_VECTOR) => encodeSync(room, SYNC_STEP1, sv),
}

/** @type {Record<string, Dialect>} */
export const DIALECTS = { yws, floor, hocuspocus }
