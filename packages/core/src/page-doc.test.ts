import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { EMPTY_META, normaliseTags, pageBody, pageMetaMap, readPageMeta, writePageMeta } from './page-doc.js'

describe('page meta', () => {
  it('reads defaults from an empty page', () => {
    expect(readPageMeta(new Y.Doc())).toEqual({ ...EMPTY_META, tags: [] })
  })

  it('writes and reads back every field', () => {
    const doc = new Y.Doc()
    writePageMeta(doc, { title: 'Atelier wiki', date: '2026-03-12', place: 'Médiathèque', tags: ['wiki', 'Wiki', ' PAPI '], licence: 'CC-BY-4.0', createdAt: 5 })
    expect(readPageMeta(doc)).toMatchObject({ title: 'Atelier wiki', date: '2026-03-12', place: 'Médiathèque', tags: ['wiki', 'PAPI'], licence: 'CC-BY-4.0', createdAt: 5 })
  })

  it('does not trust what another client wrote', () => {
    const doc = new Y.Doc()
    const meta = pageMetaMap(doc)
    meta.set('title', 42)
    meta.set('date', '12/03/2026')
    meta.set('tags', 'not a list')
    meta.set('licence', 'all rights reserved')
    meta.set('closed', 'yes')
    expect(readPageMeta(doc)).toMatchObject({ title: '', date: '', tags: [], licence: 'CC-BY-SA-4.0', closed: false })
  })

  it('writes nothing when nothing changes', () => {
    const doc = new Y.Doc()
    writePageMeta(doc, { title: 'A' })
    let updates = 0
    doc.on('update', () => updates++)
    writePageMeta(doc, { title: 'A', tags: [] })
    expect(updates).toBe(1) // tags were absent, now []
    writePageMeta(doc, { title: 'A', tags: [] })
    expect(updates).toBe(1)
  })

  it('uses the layout other tools rely on', () => {
    const doc = new Y.Doc()
    expect(pageBody(doc)).toBe(doc.getXmlFragment('body'))
    expect(pageMetaMap(doc)).toBe(doc.getMap('meta'))
  })

  it('bounds and de-duplicates tags', () => {
    expect(normaliseTags(Array.from({ length: 30 }, (_, i) => `t${i}`))).toHaveLength(20)
    expect(normaliseTags(['Été', 'été', 3, ''])).toEqual(['Été'])
  })
})
