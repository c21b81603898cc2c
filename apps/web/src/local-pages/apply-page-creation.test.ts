import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { findTemplate, pageBody, readPageMeta, readSeriesLinks, writePageMeta } from '@carnet/core'
import { fragmentToJson } from '@carnet/core/from-ydoc'
import { applyPageCreation } from './apply-page-creation.js'

const march12 = new Date(2026, 2, 12, 10, 0)

describe('applyPageCreation', () => {
  it('writes the title, the template and its body, and the meeting day for a meeting template', () => {
    const doc = new Y.Doc()
    applyPageCreation(doc, { title: 'Réunion du 12 mars 2026', template: 'reunion' }, 'fr', march12)
    expect(readPageMeta(doc)).toMatchObject({ title: 'Réunion du 12 mars 2026', template: 'reunion', date: '2026-03-12', createdAt: march12.getTime() })
    expect(fragmentToJson(pageBody(doc))).toEqual(findTemplate('reunion')!.body.fr)
  })

  it('takes the body in the writer’s language and the template’s licence', () => {
    const doc = new Y.Doc()
    applyPageCreation(doc, { title: 'Fiche', template: 'fiche-innovation-sociale' }, 'en', march12)
    expect(readPageMeta(doc)).toMatchObject({ licence: 'CC-BY-SA-4.0', date: '' })
    expect(fragmentToJson(pageBody(doc))).toEqual(findTemplate('fiche-innovation-sociale')!.body.en)
  })

  it('changes nothing in a page that was already created (another tab, another writer, a reload)', () => {
    const doc = new Y.Doc()
    writePageMeta(doc, { title: 'Déjà là', createdAt: 1 })
    const before = Y.encodeStateAsUpdate(doc)
    applyPageCreation(doc, { title: 'Réunion', template: 'reunion' }, 'fr', march12)
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before)
  })

  it('keeps a body that arrived first, and gives a blank page only its title', () => {
    const doc = new Y.Doc()
    pageBody(doc).insert(0, [new Y.XmlElement('paragraph')])
    applyPageCreation(doc, { title: 'Notes', template: 'reunion' }, 'fr', march12)
    expect(pageBody(doc).length).toBe(1)
    const blank = new Y.Doc()
    applyPageCreation(blank, { title: '', template: '' }, 'fr', march12)
    expect(readPageMeta(blank)).toMatchObject({ title: '', template: '', createdAt: march12.getTime() })
    expect(pageBody(blank).length).toBe(0)
  })
})

describe('applyPageCreation for the next meeting of a series', () => {
  it('writes the prepared details, the link back and the prepared body', () => {
    const doc = new Y.Doc()
    const body = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Préparée.' }] }] }
    applyPageCreation(
      doc,
      { title: 'Réunion du 9 avril 2026', template: 'reunion', date: '2026-04-09', place: 'Local', tags: ['Jardin'], previous: 'reunion-abcd', body },
      'fr',
      march12,
    )
    expect(readPageMeta(doc)).toMatchObject({ title: 'Réunion du 9 avril 2026', template: 'reunion', date: '2026-04-09', place: 'Local', tags: ['Jardin'] })
    expect(readSeriesLinks(doc)).toEqual({ previous: 'reunion-abcd', next: '' })
    expect(fragmentToJson(pageBody(doc))).toEqual(body)
  })
})
