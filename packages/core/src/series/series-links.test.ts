import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { pageMetaMap, readPageMeta } from '../page-doc.js'
import { readSeriesLinks, writeSeriesLinks } from './series-links.js'

describe('a page’s place in its series', () => {
  it('is kept in Map("meta") beside the page’s details, which do not change', () => {
    const doc = new Y.Doc()
    expect(readSeriesLinks(doc)).toEqual({ previous: '', next: '' })
    const before = readPageMeta(doc)
    writeSeriesLinks(doc, { previous: 'reunion-aaaa', next: 'reunion-bbbb' })
    expect(pageMetaMap(doc).get('previous')).toBe('reunion-aaaa')
    expect(readSeriesLinks(doc)).toEqual({ previous: 'reunion-aaaa', next: 'reunion-bbbb' })
    expect(readPageMeta(doc)).toEqual(before)
    writeSeriesLinks(doc, { next: '' })
    expect(pageMetaMap(doc).has('next')).toBe(false)
  })

  it('reads anything but a page id, or the page itself, as no link', () => {
    const doc = new Y.Doc()
    pageMetaMap(doc).set('previous', 'Pas Un Id')
    pageMetaMap(doc).set('next', 'moi-meme')
    expect(readSeriesLinks(doc, 'moi-meme')).toEqual({ previous: '', next: '' })
    writeSeriesLinks(doc, { previous: '../../etc' })
    expect(pageMetaMap(doc).get('previous')).toBe('Pas Un Id')
  })
})
