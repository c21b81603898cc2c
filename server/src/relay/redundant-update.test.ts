import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DeletedRanges, isRedundantUpdate } from './redundant-update.js'

function pair(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc()
  const b = new Y.Doc()
  a.getText('t').insert(0, 'bonjour tout le monde')
  a.getText('t').delete(0, 3)
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  return [a, b]
}

describe('isRedundantUpdate', () => {
  it('recognises a sync reply that brings nothing new, deletions included', () => {
    const [server, reader] = pair()
    const reply = Y.encodeStateAsUpdate(reader, Y.encodeStateVector(server))
    expect(isRedundantUpdate(server, reply)).toBe(true)
  })

  it('sees new text', () => {
    const [server, reader] = pair()
    reader.getText('t').insert(0, 'x')
    expect(isRedundantUpdate(server, Y.encodeStateAsUpdate(reader, Y.encodeStateVector(server)))).toBe(false)
  })

  it('sees a new deletion of known text', () => {
    const [server, reader] = pair()
    reader.getText('t').delete(2, 2)
    expect(isRedundantUpdate(server, Y.encodeStateAsUpdate(reader, Y.encodeStateVector(server)))).toBe(false)
  })
})

describe('DeletedRanges', () => {
  it('finds whether a range is wholly deleted, by binary search over many ranges', () => {
    const doc = new Y.Doc()
    const text = doc.getText('t')
    text.insert(0, 'ab'.repeat(5_000))
    // Every other character deleted: 5,000 separate ranges.
    doc.transact(() => {
      for (let i = 5_000 - 1; i >= 0; i--) text.delete(i * 2, 1)
    })
    const ranges = new DeletedRanges(doc)
    const client = doc.clientID
    expect(ranges.covers(client, 0, 1)).toBe(true)
    expect(ranges.covers(client, 1, 1)).toBe(false)
    expect(ranges.covers(client, 0, 2)).toBe(false)
    expect(ranges.covers(client, 9_998, 1)).toBe(true)
    expect(ranges.covers(client, 10_000, 1)).toBe(false)
    expect(ranges.covers(client + 1, 0, 1)).toBe(false)
  })

  it('answers a reader that sends back the page’s whole delete set as redundant', () => {
    const server = new Y.Doc()
    const text = server.getText('t')
    text.insert(0, 'ab'.repeat(5_000))
    server.transact(() => {
      for (let i = 5_000 - 1; i >= 0; i--) text.delete(i * 2, 1)
    })
    const reader = new Y.Doc()
    Y.applyUpdate(reader, Y.encodeStateAsUpdate(server))
    const echo = Y.encodeStateAsUpdate(reader, Y.encodeStateVector(server))
    expect(Y.decodeUpdate(echo).ds.clients.get(server.clientID)).toHaveLength(5_000)
    const ranges = new DeletedRanges(server)
    expect(isRedundantUpdate(server, echo, () => ranges)).toBe(true)
  })
})
