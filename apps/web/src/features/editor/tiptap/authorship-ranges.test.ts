import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { authoredRanges } from './authorship-ranges.js'

describe('authoredRanges', () => {
  it('maps each writer’s characters to ProseMirror positions', () => {
    const anne = new Y.Doc()
    const bruno = new Y.Doc()
    const paragraph = new Y.XmlElement('paragraph')
    anne.getXmlFragment('body').insert(0, [paragraph])
    paragraph.insert(0, [new Y.XmlText('Bonjour')])
    Y.applyUpdate(bruno, Y.encodeStateAsUpdate(anne))
    const text = (bruno.getXmlFragment('body').get(0) as Y.XmlElement).get(0) as Y.XmlText
    text.insert(7, ' à tous')
    text.delete(0, 1)
    text.insert(0, 'b')
    Y.applyUpdate(anne, Y.encodeStateAsUpdate(bruno))
    // <p>bonjour à tous</p>: position 1 is the first character inside the paragraph.
    expect(authoredRanges(anne.getXmlFragment('body'))).toEqual([
      { from: 1, to: 2, client: bruno.clientID },
      { from: 2, to: 8, client: anne.clientID },
      { from: 8, to: 15, client: bruno.clientID },
    ])
  })

  it('counts nested elements and inline nodes', () => {
    const doc = new Y.Doc()
    const list = new Y.XmlElement('bulletList')
    const item = new Y.XmlElement('listItem')
    const p = new Y.XmlElement('paragraph')
    doc.getXmlFragment('body').insert(0, [new Y.XmlElement('horizontalRule'), list])
    list.insert(0, [item])
    item.insert(0, [p])
    p.insert(0, [new Y.XmlText('ab'), new Y.XmlElement('hardBreak'), new Y.XmlText('c')])
    // hr: 0-2; list opens 2, item 3, paragraph 4; "ab" 5-7; hardBreak 7-9; "c" 9-10.
    expect(authoredRanges(doc.getXmlFragment('body')).map(({ from, to }) => [from, to])).toEqual([
      [5, 7],
      [9, 10],
    ])
  })
})
