import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { findTemplate } from '../templates/index.js'
import { pageBody } from '../page-doc.js'
import { fragmentToJson } from '../page-tree/from-ydoc.js'
import { jsonToFragment } from '../page-tree/to-ydoc.js'
import { nodeText } from '../page-tree/sections.js'
import { addParticipants, listedParticipants, removeParticipant } from './participants-list.js'

function reunionPage(): Y.Doc {
  const doc = new Y.Doc()
  jsonToFragment(findTemplate('reunion')!.body.fr, pageBody(doc))
  return doc
}

const outline = (doc: Y.Doc) => (fragmentToJson(pageBody(doc)).content ?? []).map((block) => `${block.type}:${nodeText(block)}`)

describe('who came', () => {
  it('fills the template’s empty line, then adds only the names not listed, in one change', () => {
    const doc = reunionPage()
    let changes = 0
    doc.on('update', () => changes++)
    expect(addParticipants(pageBody(doc), ['Anne', 'Bruno', ' anne '], 'Participants')).toEqual(['Anne', 'Bruno'])
    expect(changes).toBe(1)
    expect(listedParticipants(pageBody(doc))).toEqual(['Anne', 'Bruno'])
    expect(addParticipants(pageBody(doc), ['Bruno', 'Chloé'], 'Participants')).toEqual(['Chloé'])
    expect(addParticipants(pageBody(doc), ['Chloé'], 'Participants')).toEqual([])
    expect(outline(doc).slice(0, 3)).toEqual(['heading:Participants', 'bulletList:Anne Bruno Chloé', 'heading:Ordre du jour'])
  })

  it('lets a person take their own name out, keeping an empty line when it was the last', () => {
    const doc = reunionPage()
    addParticipants(pageBody(doc), ['Anne', 'Bruno'], 'Participants')
    expect(removeParticipant(pageBody(doc), 'bruno')).toBe(true)
    expect(removeParticipant(pageBody(doc), 'Bruno')).toBe(false)
    expect(removeParticipant(pageBody(doc), 'Anne')).toBe(true)
    expect(listedParticipants(pageBody(doc))).toEqual([])
    expect(outline(doc).slice(0, 2)).toEqual(['heading:Participants', 'bulletList:'])
  })

  it('makes a Participants section at the top of a page without one', () => {
    const doc = new Y.Doc()
    jsonToFragment({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Notes' }] }] }, pageBody(doc))
    addParticipants(pageBody(doc), ['Anne'], 'Participants')
    expect(outline(doc)).toEqual(['heading:Participants', 'bulletList:Anne', 'paragraph:Notes'])
  })

  it('reaches another copy of the page as an ordinary change', () => {
    const doc = reunionPage()
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    other.on('update', (update: Uint8Array) => Y.applyUpdate(doc, update))
    addParticipants(pageBody(other), ['Dana'], 'Participants')
    expect(listedParticipants(pageBody(doc))).toEqual(['Dana'])
  })
})
