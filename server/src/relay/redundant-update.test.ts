import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { isRedundantUpdate } from './redundant-update.js'

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
