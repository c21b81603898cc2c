import { describe, expect, it } from 'vitest'
import { decodePeerMessage, encodePeerMessage, type PeerMessage } from './peer-message.js'

describe('peer messages', () => {
  it('round-trip every kind with the sender', () => {
    const messages: PeerMessage[] = [
      { kind: 'updates', updates: [new Uint8Array([1, 2, 3]), new Uint8Array([]), new Uint8Array(70_000).fill(7)] },
      { kind: 'awareness', update: new Uint8Array([9, 8]) },
      { kind: 'access-changed', access: { keyHash: 'ab'.repeat(32), openToAll: false, closed: true } },
      { kind: 'access-changed', access: { keyHash: null, openToAll: true, closed: false } },
      { kind: 'awareness-query' },
      { kind: 'catch-up' },
    ]
    for (const message of messages) {
      expect(decodePeerMessage(encodePeerMessage('relay-1', message))).toEqual({ sender: 'relay-1', message })
    }
  })

  it('ignores what it cannot read: garbage, truncation, another format, an unknown kind', () => {
    const good = encodePeerMessage('p', { kind: 'updates', updates: [new Uint8Array([1, 2, 3])] })
    expect(decodePeerMessage(new Uint8Array([]))).toBeNull()
    expect(decodePeerMessage(good.subarray(0, good.length - 1))).toBeNull()
    expect(decodePeerMessage(new Uint8Array([2, ...good.subarray(1)]))).toBeNull()
    expect(decodePeerMessage(new Uint8Array([1, 1, 112, 42]))).toBeNull()
    expect(decodePeerMessage(new Uint8Array([1, 1, 112, 0, 0xff, 0xff, 0xff, 0xff, 0x0f]))).toBeNull()
  })
})
