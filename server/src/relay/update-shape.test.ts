import { describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { MAX_NESTING_DEPTH, MAX_VALUE_DEPTH } from '@carnet/core'
import { checkUpdateShape, MAX_PENDING_BYTES, typeDepth } from './update-shape.js'

/** Nests `depth` elements under `parent`, each the only child of the previous one; returns the deepest. */
function nest(parent: Y.XmlFragment | Y.XmlElement, depth: number): Y.XmlElement {
  let current = parent
  for (let i = 0; i < depth; i++) {
    const element = new Y.XmlElement(i % 2 === 0 ? 'bulletList' : 'listItem')
    current.insert(0, [element])
    current = element
  }
  return current as Y.XmlElement
}

function shapeOf(target: Y.Doc, update: Uint8Array) {
  return checkUpdateShape(target, Y.decodeUpdate(update), update)
}

/** A copy of `doc` as the relay would hold it. */
function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}

describe('checkUpdateShape', () => {
  it('accepts a page nested to the limit, written in one update', () => {
    const doc = new Y.Doc()
    // Text is a shared type too: the deepest text sits at the limit.
    const deepest = nest(doc.getXmlFragment('body'), MAX_NESTING_DEPTH - 1)
    const text = new Y.XmlText('au fond')
    deepest.insert(0, [text])
    expect(typeDepth(text)).toBe(MAX_NESTING_DEPTH)
    expect(shapeOf(new Y.Doc(), Y.encodeStateAsUpdate(doc))).toBeNull()
  })

  it('refuses one level more, in one update', () => {
    const doc = new Y.Doc()
    nest(doc.getXmlFragment('body'), MAX_NESTING_DEPTH + 1)
    expect(shapeOf(new Y.Doc(), Y.encodeStateAsUpdate(doc))).toMatchObject({ kind: 'too-deep' })
  })

  it('refuses thousands of levels quickly and without overflowing the stack', () => {
    const doc = new Y.Doc()
    // Built in one transaction (Yjs itself takes quadratic time to notify nested inserts otherwise).
    doc.transact(() => nest(doc.getXmlFragment('body'), 5_000))
    const update = Y.encodeStateAsUpdate(doc)
    expect(shapeOf(new Y.Doc(), update)).toMatchObject({ kind: 'too-deep' })
  })

  it('counts the levels the page already has', () => {
    const doc = new Y.Doc()
    const deep = nest(doc.getXmlFragment('body'), MAX_NESTING_DEPTH - 1)
    const relay = copyOf(doc)
    const before = Y.encodeStateVector(doc)
    nest(deep, 1)
    expect(shapeOf(relay, Y.encodeStateAsUpdate(doc, before))).toBeNull()
    Y.applyUpdate(relay, Y.encodeStateAsUpdate(doc, before))
    const again = Y.encodeStateVector(doc)
    nest(deep.firstChild as Y.XmlElement, 1)
    expect(shapeOf(relay, Y.encodeStateAsUpdate(doc, again))).toMatchObject({ kind: 'too-deep' })
  })

  it('follows siblings inserted next to each other (origins) to their parent', () => {
    const doc = new Y.Doc()
    const deep = nest(doc.getXmlFragment('body'), MAX_NESTING_DEPTH - 1)
    deep.insert(0, [new Y.XmlElement('paragraph')])
    const relay = copyOf(doc)
    const before = Y.encodeStateVector(doc)
    // Appended after the first child: these items name their parent through their origin only.
    for (let i = 0; i < 50; i++) deep.insert(deep.length, [new Y.XmlElement('paragraph')])
    expect(shapeOf(relay, Y.encodeStateAsUpdate(doc, before))).toBeNull()
    const after = Y.encodeStateVector(doc)
    ;(deep.get(deep.length - 1) as Y.XmlElement).insert(0, [new Y.XmlElement('listItem')])
    expect(shapeOf(relay, Y.encodeStateAsUpdate(doc, after))).toBeNull()
    Y.applyUpdate(relay, Y.encodeStateAsUpdate(doc, before))
    const later = Y.encodeStateVector(doc)
    nest(deep.get(deep.length - 1) as Y.XmlElement, 1)
    expect(shapeOf(relay, Y.encodeStateAsUpdate(doc, later))).toMatchObject({ kind: 'too-deep' })
  })

  it('counts nesting through changes still waiting for a missing one', () => {
    const writer = new Y.Doc()
    const body = writer.getXmlFragment('body')
    const first = nest(body, 1)
    const afterFirst = Y.encodeStateVector(writer)
    const middle = nest(first, MAX_NESTING_DEPTH - 1)
    const afterMiddle = Y.encodeStateVector(writer)
    nest(middle, 2)
    const relay = new Y.Doc()
    // The middle part arrives first and waits for the first element.
    const middleUpdate = Y.encodeStateAsUpdate(writer, afterFirst)
    const lastUpdate = Y.encodeStateAsUpdate(writer, afterMiddle)
    Y.applyUpdate(relay, middleUpdate)
    expect(relay.store.pendingStructs).not.toBeNull()
    // 1 + 63 + 2 levels once all is there: refused although its base has not arrived yet.
    expect(shapeOf(relay, lastUpdate)).toMatchObject({ kind: 'too-deep' })
  })

  it('refuses values nested past the limit, in attributes and in maps', () => {
    let value: unknown = 'fond'
    for (let i = 0; i < MAX_VALUE_DEPTH + 1; i++) value = i % 2 ? [value] : { v: value }
    const doc = new Y.Doc()
    doc.getMap('meta').set('tags', value)
    expect(shapeOf(new Y.Doc(), Y.encodeStateAsUpdate(doc))).toMatchObject({ kind: 'value-too-deep' })
    const element = new Y.Doc()
    const paragraph = new Y.XmlElement('paragraph')
    element.getXmlFragment('body').insert(0, [paragraph])
    paragraph.setAttribute('data', value as string)
    expect(shapeOf(new Y.Doc(), Y.encodeStateAsUpdate(element))).toMatchObject({ kind: 'value-too-deep' })
  })

  it('refuses sub-documents', () => {
    const doc = new Y.Doc()
    doc.getMap('meta').set('sub', new Y.Doc())
    expect(shapeOf(new Y.Doc(), Y.encodeStateAsUpdate(doc))).toMatchObject({ kind: 'subdocument' })
  })

  it('refuses to keep piling up changes that wait for a missing one', () => {
    const writer = new Y.Doc()
    const text = writer.getText('t')
    text.insert(0, 'a')
    const start = Y.encodeStateVector(writer)
    text.insert(1, 'x'.repeat(MAX_PENDING_BYTES))
    // Depends on the first character, which the relay never got.
    const update = Y.encodeStateAsUpdate(writer, start)
    expect(shapeOf(new Y.Doc(), update)).toMatchObject({ kind: 'too-much-pending' })
    // A small gap is normal (another process's change not heard of yet).
    const small = new Y.Doc()
    small.getText('t').insert(0, 'a')
    const smallStart = Y.encodeStateVector(small)
    small.getText('t').insert(1, 'b')
    expect(shapeOf(new Y.Doc(), Y.encodeStateAsUpdate(small, smallStart))).toBeNull()
  })

  it('counts deletions of what the page does not hold yet as waiting too', () => {
    // An update with no structs and 100,000 deleted ranges of a client the relay never heard of.
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0)
    encoding.writeVarUint(encoder, 1)
    encoding.writeVarUint(encoder, 1234)
    encoding.writeVarUint(encoder, 100_000)
    for (let i = 0; i < 100_000; i++) {
      encoding.writeVarUint(encoder, i * 2)
      encoding.writeVarUint(encoder, 1)
    }
    const deletions = encoding.toUint8Array(encoder)
    expect(deletions.length).toBeGreaterThan(MAX_PENDING_BYTES)
    expect(shapeOf(new Y.Doc(), deletions)).toMatchObject({ kind: 'too-much-pending' })
  })

  it('accepts a real meeting page', () => {
    const doc = new Y.Doc()
    const body = doc.getXmlFragment('body')
    const list = nest(body, 6)
    list.insert(0, [new Y.XmlText('Décision : on se revoit jeudi')])
    doc.getMap('meta').set('tags', ['atelier', 'papi'])
    expect(shapeOf(new Y.Doc(), Y.encodeStateAsUpdate(doc))).toBeNull()
  })
})
