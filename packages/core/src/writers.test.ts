import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readWriters, recordWriter, writerNames } from './writers.js'

describe('writers', () => {
  it('records one entry per session and counts names once', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    recordWriter(a, { name: 'Marie', color: '#1f4e79' })
    recordWriter(b, { name: 'Marie', color: '#b3261e' })
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    expect(readWriters(a).size).toBe(2)
    expect(writerNames(a)).toEqual(['Marie'])
  })

  it('writes nothing when the writer is already recorded', () => {
    const doc = new Y.Doc()
    recordWriter(doc, { name: 'Yann', color: '#1e6b3a' })
    let updates = 0
    doc.on('update', () => updates++)
    recordWriter(doc, { name: 'Yann', color: '#1e6b3a' })
    expect(updates).toBe(0)
  })

  it('ignores malformed entries', () => {
    const doc = new Y.Doc()
    doc.getMap('writers').set('abc', { name: 'x', color: '#000' })
    doc.getMap('writers').set('12', 'not an object')
    expect(readWriters(doc).size).toBe(0)
  })
})
