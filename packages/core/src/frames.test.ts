import { describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import {
  encodeAccessRequest,
  encodeAwareness,
  encodeStored,
  encodeStoredQuery,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  FrameError,
  parseClientFrame,
  parseRelayFrame,
} from './frames.js'

describe('client frames', () => {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, 'bonjour')
  const update = Y.encodeStateAsUpdate(doc)

  it('parses every message a stock y-websocket client sends', () => {
    expect(parseClientFrame(encodeSyncStep1(Y.encodeStateVector(doc)))).toMatchObject({ kind: 'sync-step1' })
    expect(parseClientFrame(encodeSyncStep2(update))).toMatchObject({ kind: 'sync-update', step: 'step2' })
    expect(parseClientFrame(encodeSyncUpdate(update))).toMatchObject({ kind: 'sync-update', step: 'update' })
    expect(parseClientFrame(encodeAwareness(new Uint8Array([0])))).toMatchObject({ kind: 'awareness' })
    expect(parseClientFrame(new Uint8Array([3]))).toEqual({ kind: 'query-awareness' })
  })

  it('parses Carnet’s own messages', () => {
    expect(parseClientFrame(encodeStoredQuery(42))).toEqual({ kind: 'stored-query', seq: 42 })
    expect(parseClientFrame(encodeAccessRequest({ action: 'open-to-all', open: true }))).toEqual({
      kind: 'access-request',
      request: { action: 'open-to-all', open: true },
    })
  })

  it('refuses unknown types, truncation, trailing bytes and huge varints', () => {
    expect(() => parseClientFrame(new Uint8Array([9]))).toThrow(/unknown message type 9/)
    expect(() => parseClientFrame(new Uint8Array([0, 7, 0]))).toThrow(/unknown sync message type/)
    expect(() => parseClientFrame(new Uint8Array([]))).toThrow(FrameError)
    expect(() => parseClientFrame(encodeSyncUpdate(update).slice(0, 5))).toThrow(/truncated/)
    expect(() => parseClientFrame(new Uint8Array([...encodeSyncUpdate(update), 1]))).toThrow(/trailing/)
    const huge = encoding.createEncoder()
    encoding.writeVarUint(huge, 0)
    encoding.writeVarUint(huge, 2)
    for (let i = 0; i < 12; i++) encoding.writeUint8(huge, 0xff)
    expect(() => parseClientFrame(encoding.toUint8Array(huge))).toThrow(FrameError)
  })

  it('refuses a sync step 1 whose state vector cannot be decoded', () => {
    expect(() => parseClientFrame(new Uint8Array([0, 0, 0]))).toThrow(FrameError)
    expect(() => parseClientFrame(new Uint8Array([0, 0, 1, 0xff]))).toThrow(FrameError)
    expect(() => parseClientFrame(new Uint8Array([0, 0, 3, 2, 5, 9]))).toThrow(/invalid state vector|truncated/)
    expect(() => parseClientFrame(new Uint8Array([0, 0, 4, 1, 5, 9, 7]))).toThrow(/invalid state vector/)
    expect(parseClientFrame(new Uint8Array([0, 0, 1, 0]))).toMatchObject({ kind: 'sync-step1' })
  })

  it('catches a length past the end even inside a larger buffer', () => {
    // sync, update, a length of 10, then only 3 bytes: the other 97 bytes belong to someone else.
    const pool = new Uint8Array(100)
    pool.set([0, 2, 10, 1, 2, 3])
    const view = new Uint8Array(pool.buffer, 0, 6)
    expect(() => parseClientFrame(view)).toThrow(/truncated/)
  })
})

describe('relay frames', () => {
  it('round-trips Carnet’s replies', () => {
    expect(parseRelayFrame(encodeStored(7))).toEqual({ kind: 'stored', seq: 7 })
    expect(parseRelayFrame(encodeSyncUpdate(new Uint8Array([0, 0])))).toBeNull()
  })
})
