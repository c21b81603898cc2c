import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import { decodeAwarenessEntries, encodeAwarenessEntries } from './awareness-entries.js'

describe('awareness entries', () => {
  it('reads what y-protocols writes, and writes what it reads', () => {
    const doc = new Y.Doc()
    const awareness = new awarenessProtocol.Awareness(doc)
    awareness.setLocalStateField('user', { name: 'Anne', color: '#1f4e79' })
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])
    const entries = decodeAwarenessEntries(update)
    expect(entries).toEqual([{ clientId: doc.clientID, clock: awareness.meta.get(doc.clientID)!.clock, state: JSON.stringify(awareness.getLocalState()) }])
    expect(encodeAwarenessEntries(entries)).toEqual(update)

    const other = new awarenessProtocol.Awareness(new Y.Doc())
    awarenessProtocol.applyAwarenessUpdate(other, encodeAwarenessEntries(entries), 'test')
    expect(other.getStates().get(doc.clientID)).toEqual({ user: { name: 'Anne', color: '#1f4e79' } })
  })

  it('refuses truncated updates, trailing bytes and counts beyond the frame', () => {
    const update = encodeAwarenessEntries([{ clientId: 7, clock: 1, state: '{"a":1}' }])
    expect(() => decodeAwarenessEntries(update.subarray(0, update.length - 2))).toThrow()
    expect(() => decodeAwarenessEntries(Uint8Array.of(...update, 0))).toThrow()
    expect(() => decodeAwarenessEntries(Uint8Array.of(0xff, 0xff, 0xff, 0x0f, 1, 1))).toThrow()
  })
})
