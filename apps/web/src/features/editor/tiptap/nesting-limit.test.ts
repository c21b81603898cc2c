// The editor's nesting limit against the editor's own schema: what the relay accepts passes,
// one list level more is refused, and only what a change touched is walked.
import { describe, expect, it } from 'vitest'
import { getSchema } from '@tiptap/core'
import { EditorState, TextSelection } from '@tiptap/pm/state'
import { Slice } from '@tiptap/pm/model'
import { sinkListItem } from '@tiptap/pm/schema-list'
import * as Y from 'yjs'
import { MAX_NESTING_DEPTH, type PmNode } from '@carnet/core'
import { pageExtensions } from './page-extensions.js'
import { changedRanges, deepestTypeBetween, nestsTooDeep } from './nesting-limit.js'

const schema = getSchema(pageExtensions({ doc: new Y.Doc(), provider: null, user: { name: 'Anne', color: '#1f4e79' }, placeholder: '', checkboxLabel: (text) => text }))

/** Lists nested `levels` deep, one item each; the deepest list has `lastItems` items. */
function nestedLists(levels: number, lastItems = 1): PmNode {
  const paragraph = (text: string): PmNode => ({ type: 'paragraph', content: [{ type: 'text', text }] })
  let list: PmNode = {
    type: 'bulletList',
    content: Array.from({ length: lastItems }, (_, i) => ({ type: 'listItem', content: [paragraph(`niveau ${levels}.${i + 1}`)] })),
  }
  for (let level = levels - 1; level >= 1; level--) {
    list = { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(`niveau ${level}`), list] }] }
  }
  return { type: 'doc', content: [list] }
}

function stateOf(json: PmNode): EditorState {
  return EditorState.create({ schema, doc: schema.nodeFromJSON(json) })
}

/** The position just after the text "niveau …" that ends with `text`. */
function endOf(state: EditorState, text: string): number {
  let found = -1
  state.doc.descendants((node, pos) => {
    if (node.isText && node.text!.endsWith(text)) found = pos + node.nodeSize
    return found < 0
  })
  return found
}

describe('the nesting limit', () => {
  it('counts like the relay: 31 lists put their text at depth 64', () => {
    const state = stateOf(nestedLists(31))
    expect(deepestTypeBetween(state.doc, 0, state.doc.content.size)).toBe(MAX_NESTING_DEPTH)
    const deeper = stateOf(nestedLists(32)).doc
    expect(deepestTypeBetween(deeper, 0, deeper.content.size)).toBeGreaterThan(MAX_NESTING_DEPTH)
  })

  it('lets a writer type at the deepest level allowed', () => {
    const state = stateOf(nestedLists(31))
    const tr = state.tr.insertText('!', endOf(state, '31.1'))
    expect(nestsTooDeep(tr)).toBe(false)
  })

  it('refuses Tab on an item that would go one list deeper', () => {
    const state = stateOf(nestedLists(31, 2))
    const inSecond = state.apply(state.tr.setSelection(TextSelection.create(state.doc, endOf(state, '31.2'))))
    let sunk: import('@tiptap/pm/state').Transaction | null = null
    expect(sinkListItem(schema.nodes.listItem!)(inSecond, (tr) => (sunk = tr))).toBe(true)
    expect(nestsTooDeep(sunk!)).toBe(true)
    // One level higher, the same Tab is fine.
    const shallower = stateOf(nestedLists(30, 2))
    const inItem = shallower.apply(shallower.tr.setSelection(TextSelection.create(shallower.doc, endOf(shallower, '30.2'))))
    let fine: import('@tiptap/pm/state').Transaction | null = null
    expect(sinkListItem(schema.nodes.listItem!)(inItem, (tr) => (fine = tr))).toBe(true)
    expect(nestsTooDeep(fine!)).toBe(false)
  })

  it('refuses pasted content that nests too deep, wherever it lands', () => {
    const state = stateOf({ type: 'doc', content: [{ type: 'paragraph' }] })
    const deep = schema.nodeFromJSON(nestedLists(40))
    const tr = state.tr.replaceSelection(new Slice(deep.content, 0, 0))
    expect(nestsTooDeep(tr)).toBe(true)
  })

  it('walks only what a keystroke changed', () => {
    const page: PmNode = { type: 'doc', content: Array.from({ length: 2_000 }, (_, i) => ({ type: 'paragraph', content: [{ type: 'text', text: `ligne ${i}` }] })) }
    const state = stateOf(page)
    const tr = state.tr.insertText('x', 3)
    expect(changedRanges(tr)).toEqual([[3, 4]])
    let visited = 0
    tr.doc.nodesBetween(3, 4, () => {
      visited++
    })
    expect(visited).toBeLessThanOrEqual(2)
  })
})
