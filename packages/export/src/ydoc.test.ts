import { pageBody, readPageMeta, writePageMeta, type PmNode } from '@carnet/core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { awkwardBody, bold, doc, fullBody, fullInput, hardBreak, link, paragraph, text } from './__fixtures__/pages.js'
import { createTypeFromElementNode, dumpFragment, referenceRead, referenceWrite } from './__fixtures__/y-tiptap-reference.js'
import { fragmentToJson, pageFromDoc } from '@carnet/core/from-ydoc'
import { normaliseBody } from './normalise.js'
import { jsonToFragment } from '@carnet/core/to-ydoc'
import { toMarkdown } from './to-markdown.js'

function withoutNullAttrs(node: PmNode): PmNode {
  const out: PmNode = { ...node }
  if (node.attrs) {
    const attrs = Object.fromEntries(Object.entries(node.attrs).filter(([, value]) => value !== null))
    if (Object.keys(attrs).length > 0) out.attrs = attrs
    else delete out.attrs
  }
  if (node.content) out.content = node.content.map(withoutNullAttrs)
  return out
}

function written(body: PmNode): Y.XmlFragment {
  const ydoc = new Y.Doc()
  const fragment = pageBody(ydoc)
  jsonToFragment(body, fragment)
  return fragment
}

describe('jsonToFragment lays a body out as y-tiptap does', () => {
  it('writes the same elements, attributes and text deltas as y-tiptap for every node and mark', () => {
    const ours = written(fullBody)
    const theirs = new Y.Doc().getXmlFragment('body')
    referenceWrite(fullBody, theirs)
    expect(dumpFragment(ours)).toEqual(dumpFragment(theirs))
  })

  it('keeps text runs in one Y.XmlText with marks as attributes, and hard breaks as elements between them', () => {
    const fragment = written(doc(paragraph(text('a'), text('b', bold), hardBreak, text('c', link('https://exemple.org')))))
    const paragraphElement = fragment.get(0) as Y.XmlElement
    expect(paragraphElement.nodeName).toBe('paragraph')
    expect(paragraphElement.getAttributes()).toEqual({})
    const [first, breakElement, last] = paragraphElement.toArray()
    expect(first).toBeInstanceOf(Y.XmlText)
    expect((first as Y.XmlText).toDelta()).toEqual([{ insert: 'a' }, { insert: 'b', attributes: { bold: {} } }])
    expect((breakElement as Y.XmlElement).nodeName).toBe('hardBreak')
    expect((last as Y.XmlText).toDelta()).toEqual([
      { insert: 'c', attributes: { link: { href: 'https://exemple.org', target: '_blank', rel: 'noopener noreferrer nofollow', class: null } } },
    ])
  })

  it('keeps attr types (numbers, booleans, arrays) and leaves null attrs out', () => {
    const body = doc(
      { type: 'heading', attrs: { level: 2 }, content: [text('T')] },
      { type: 'taskList', content: [{ type: 'taskItem', attrs: { checked: false }, content: [paragraph(text('x'))] }] },
      { type: 'codeBlock', attrs: { language: null }, content: [text('code')] },
      {
        type: 'table',
        content: [{ type: 'tableRow', content: [{ type: 'tableCell', attrs: { colspan: 1, rowspan: 1, colwidth: [120] }, content: [paragraph()] }] }],
      },
    )
    const fragment = written(body)
    const [heading, taskList, codeBlock, table] = fragment.toArray() as Y.XmlElement[]
    expect(heading?.getAttributes()).toEqual({ level: 2 })
    expect((taskList?.get(0) as Y.XmlElement).getAttributes()).toEqual({ checked: false })
    expect(codeBlock?.getAttributes()).toEqual({})
    const cell = (table?.get(0) as Y.XmlElement).get(0) as Y.XmlElement
    expect(cell.getAttributes()).toEqual({ colspan: 1, rowspan: 1, colwidth: [120] })
  })

  it('writes in a single transaction (one update) when the fragment belongs to a doc', () => {
    const ydoc = new Y.Doc()
    const fragment = pageBody(ydoc)
    const updates: Uint8Array[] = []
    ydoc.on('update', (update: Uint8Array) => updates.push(update))
    let changesSeen = 0
    fragment.observeDeep(() => changesSeen++)
    jsonToFragment(fullBody, fragment)
    // (Yjs may run a second, empty transaction of its own to tidy text formatting.)
    expect(updates).toHaveLength(1)
    expect(changesSeen).toBe(1)
  })

  it('fills a fragment that joins a doc later', () => {
    const fragment = new Y.XmlFragment()
    jsonToFragment(doc(paragraph(text('avant intégration', bold))), fragment)
    const ydoc = new Y.Doc()
    ydoc.getMap('m').set('fragment', fragment)
    expect(fragmentToJson(ydoc.getMap('m').get('fragment') as Y.XmlFragment)).toEqual(doc(paragraph(text('avant intégration', bold))))
  })

  it('appends after existing content and skips empty text', () => {
    const fragment = written(doc(paragraph(text('un'))))
    jsonToFragment(doc(paragraph(text('')), paragraph(text('deux'))), fragment)
    expect(fragmentToJson(fragment)).toEqual(doc(paragraph(text('un')), paragraph(), paragraph(text('deux'))))
  })

  it('does not share objects with the JSON it was given', () => {
    const href = { href: 'https://exemple.org' }
    const body = doc(paragraph({ type: 'text', text: 'lien', marks: [{ type: 'link', attrs: href }] }))
    const fragment = written(body)
    href.href = 'https://changé.example'
    expect(fragmentToJson(fragment)).toEqual(doc(paragraph({ type: 'text', text: 'lien', marks: [{ type: 'link', attrs: { href: 'https://exemple.org' } }] })))
  })
})

describe('fragmentToJson reads a fragment as y-tiptap does', () => {
  it('gives back the JSON it was written from, minus null attrs (which a Y.Doc does not store)', () => {
    for (const body of [fullBody, awkwardBody]) {
      expect(fragmentToJson(written(body))).toEqual(withoutNullAttrs(body))
    }
  })

  it('reads a fragment written by y-tiptap like y-tiptap does, except that marks without attrs have no `attrs` (as getJSON gives them)', () => {
    const fragment = new Y.Doc().getXmlFragment('body')
    referenceWrite(fullBody, fragment)
    const dropEmptyMarkAttrs = (node: PmNode): PmNode => ({
      ...node,
      ...(node.marks ? { marks: node.marks.map((m) => (m.attrs && Object.keys(m.attrs).length === 0 ? { type: m.type } : m)) } : {}),
      ...(node.content ? { content: node.content.map(dropEmptyMarkAttrs) } : {}),
    })
    expect(fragmentToJson(fragment)).toEqual(dropEmptyMarkAttrs(referenceRead(fragment)))
  })

  it('survives encoding the doc and loading it elsewhere', () => {
    const source = new Y.Doc()
    jsonToFragment(fullBody, pageBody(source))
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(source))
    expect(fragmentToJson(pageBody(copy))).toEqual(fragmentToJson(pageBody(source)))
    expect(normaliseBody(fragmentToJson(pageBody(copy)))).toEqual(normaliseBody(fullBody))
  })

  it('reads hashed mark names, ignores binding attrs and non-object mark values, and orders marks', () => {
    const ydoc = new Y.Doc()
    const fragment = pageBody(ydoc)
    ydoc.transact(() => {
      const element = new Y.XmlElement('paragraph')
      element.setAttribute('ychange', { type: 'added' } as unknown as string)
      const textType = new Y.XmlText()
      textType.insert(0, 'x', { 'italic--abcdefgh': {}, bold: true as unknown as object, link: { href: 'https://exemple.org' } })
      element.insert(0, [textType])
      fragment.insert(0, [element])
    })
    expect(fragmentToJson(fragment)).toEqual(
      doc(paragraph({ type: 'text', text: 'x', marks: [{ type: 'bold' }, { type: 'italic' }, { type: 'link', attrs: { href: 'https://exemple.org' } }] })),
    )
  })

  it('reads an empty fragment as a doc without content', () => {
    expect(fragmentToJson(new Y.Doc().getXmlFragment('body'))).toEqual({ type: 'doc', content: [] })
  })

  it('matches what y-tiptap writes for a single node type, node by node', () => {
    const heading: PmNode = { type: 'heading', attrs: { level: 3 }, content: [text('Titre', bold)] }
    const ydoc = new Y.Doc()
    const fragment = ydoc.getXmlFragment('body')
    ydoc.transact(() => fragment.insert(0, [createTypeFromElementNode(heading)]))
    expect(fragmentToJson(fragment)).toEqual(doc(heading))
  })
})

describe('pageFromDoc', () => {
  it('reads the meta and body of a page built with jsonToFragment, ready to export', () => {
    const ydoc = new Y.Doc()
    writePageMeta(ydoc, fullInput.meta)
    jsonToFragment(fullBody, pageBody(ydoc))
    const page = pageFromDoc(ydoc)
    expect(page.meta).toEqual(readPageMeta(ydoc))
    expect(page.meta.title).toBe('Atelier wiki du quartier')
    expect(normaliseBody(page.body)).toEqual(normaliseBody(fullBody))
    expect(toMarkdown({ ...fullInput, ...page })).toBe(toMarkdown(fullInput))
  })
})
