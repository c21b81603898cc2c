import { pageBody, readPageMeta, writePageMeta } from '@carnet/core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { awkwardBody, bulletList, doc, fullBody, heading, listItem, meta, paragraph, text } from './__fixtures__/pages.js'
import { fragmentToJson, pageFromDoc } from '@carnet/core/from-ydoc'
import { jsonToFragment } from '@carnet/core/to-ydoc'
import { replaceFragmentContent, restorePage } from './restore-page.js'

function pageDoc(body = fullBody): Y.Doc {
  const ydoc = new Y.Doc()
  jsonToFragment(body, pageBody(ydoc))
  return ydoc
}

function updatesOf(ydoc: Y.Doc, change: () => void): Uint8Array[] {
  const updates: Uint8Array[] = []
  const record = (update: Uint8Array) => updates.push(update)
  ydoc.on('update', record)
  change()
  ydoc.off('update', record)
  return updates
}

describe('replaceFragmentContent', () => {
  it('makes the body equal to the wanted one, whatever both were', () => {
    for (const [from, to] of [
      [fullBody, awkwardBody],
      [awkwardBody, fullBody],
      [fullBody, doc()],
      [doc(), fullBody],
      [doc(paragraph(text('a')), paragraph(text('b'))), doc(paragraph(text('b')), paragraph(text('a')))],
    ] as const) {
      const ydoc = pageDoc(from)
      replaceFragmentContent(pageBody(ydoc), to)
      expect(fragmentToJson(pageBody(ydoc))).toEqual(fragmentToJson(pageDoc(to).getXmlFragment('body')))
    }
  })

  it('is one update, and none at all when the body is already the wanted one', () => {
    const ydoc = pageDoc(fullBody)
    expect(updatesOf(ydoc, () => replaceFragmentContent(pageBody(ydoc), awkwardBody))).toHaveLength(1)
    expect(updatesOf(ydoc, () => replaceFragmentContent(pageBody(ydoc), awkwardBody))).toHaveLength(0)
  })

  it('leaves the blocks both bodies share at their start and end untouched', () => {
    const ydoc = pageDoc(doc(heading(2, text('Ordre du jour')), paragraph(text('ancien')), paragraph(text('Fin.'))))
    const [first, , last] = pageBody(ydoc).toArray()
    replaceFragmentContent(pageBody(ydoc), doc(heading(2, text('Ordre du jour')), paragraph(text('nouveau')), bulletList(listItem(paragraph(text('x')))), paragraph(text('Fin.'))))
    const after = pageBody(ydoc).toArray()
    expect(after).toHaveLength(4)
    expect(after[0]).toBe(first)
    expect(after[3]).toBe(last)
  })

  it('reaches another replica as an ordinary update, merging with its concurrent typing elsewhere', () => {
    const a = pageDoc(doc(paragraph(text('garder')), paragraph(text('remplacer'))))
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    // b types at the end of the first paragraph while a restores the second.
    const firstOfB = (pageBody(b).get(0) as Y.XmlElement).get(0) as Y.XmlText
    firstOfB.insert(firstOfB.length, ' aussi')
    replaceFragmentContent(pageBody(a), doc(paragraph(text('garder')), paragraph(text('restauré'))))
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const expected = doc(paragraph(text('garder aussi')), paragraph(text('restauré')))
    expect(fragmentToJson(pageBody(a))).toEqual(expected)
    expect(fragmentToJson(pageBody(b))).toEqual(expected)
  })
})

describe('restorePage', () => {
  it('brings back the body and meta of a version, but not the closed flag nor the creation time', () => {
    const old = pageDoc(fullBody)
    writePageMeta(old, meta({ title: 'Avant', tags: ['Ancien'], closed: false, createdAt: 1 }))
    const version = pageFromDoc(old)

    const live = pageDoc(awkwardBody)
    writePageMeta(live, meta({ title: 'Après', place: 'Ailleurs', tags: ['Nouveau'], licence: 'CC0-1.0', closed: true, createdAt: 2 }))
    const updates = updatesOf(live, () => restorePage(live, version))

    expect(updates).toHaveLength(1)
    expect(fragmentToJson(pageBody(live))).toEqual(version.body)
    expect(readPageMeta(live)).toEqual({ ...version.meta, closed: true, createdAt: 2 })
  })
})
