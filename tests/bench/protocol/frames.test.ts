// Our frames against y-protocols' own encoders, and the stamping reader against real Yjs updates
// (it must find the keystroke's client and clock without applying anything).
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { Cursor, SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE, encodeHocuspocusAuth, encodeSync, messageInfo, readMessage } from './frames.mjs'
import { hocuspocus, yws } from './dialects.mjs'
import { typingScript } from '../lib/page-doc.mjs'

function stockUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  syncProtocol.writeUpdate(encoder, update)
  return encoding.toUint8Array(encoder)
}

describe('frames', () => {
  it('encodes sync messages exactly as y-protocols does', () => {
    const doc = new Y.Doc()
    doc.getText('t').insert(0, 'abc')
    const update = Y.encodeStateAsUpdate(doc)
    expect(encodeSync(null, SYNC_UPDATE, update)).toEqual(stockUpdateMessage(update))
    const step1 = encoding.createEncoder()
    encoding.writeVarUint(step1, 0)
    syncProtocol.writeSyncStep1(step1, doc)
    expect(encodeSync(null, SYNC_STEP1, Y.encodeStateVector(doc))).toEqual(encoding.toUint8Array(step1))
  })

  it('reads the client and clock of a keystroke from the update, without applying it', () => {
    const script = typingScript({ clientID: 4242, count: 5 })
    const info = messageInfo()
    const cursor = new Cursor()
    script.updates.forEach((update, k) => {
      expect(readMessage(cursor.reset(yws.update('room', update)), false, info)).toBe(true)
      expect(info).toMatchObject({ type: 0, sub: SYNC_UPDATE, client: 4242, clock: script.clocks[k] })
    })
    // The same through Hocuspocus' framing, the document name first.
    expect(readMessage(cursor.reset(hocuspocus.update('some-room', script.updates[2])), true, info)).toBe(true)
    expect(info).toMatchObject({ sub: SYNC_UPDATE, client: 4242, clock: script.clocks[2] })
  })

  it('finds a step2 payload and its size', () => {
    const doc = new Y.Doc()
    doc.getText('t').insert(0, 'hello')
    const state = Y.encodeStateAsUpdate(doc)
    const info = messageInfo()
    const frame = encodeSync('doc', SYNC_STEP2, state)
    expect(readMessage(new Cursor(frame), true, info)).toBe(true)
    expect(info.sub).toBe(SYNC_STEP2)
    expect(frame.subarray(info.payloadStart, info.payloadStart + info.payloadLength)).toEqual(state)
  })

  it('refuses a truncated message', () => {
    const frame = encodeSync(null, SYNC_UPDATE, new Uint8Array(50))
    expect(readMessage(new Cursor(frame.subarray(0, 20)), false, messageInfo())).toBe(false)
  })

  it('writes Hocuspocus’ auth message as its provider does: name, auth, token type, token', () => {
    const decoder = decoding.createDecoder(encodeHocuspocusAuth('room-1', ''))
    expect(decoding.readVarString(decoder)).toBe('room-1')
    expect(decoding.readVarUint(decoder)).toBe(2)
    expect(decoding.readVarUint(decoder)).toBe(0)
    expect(decoding.readVarString(decoder)).toBe('')
    expect(decoding.hasContent(decoder)).toBe(false)
  })
})
