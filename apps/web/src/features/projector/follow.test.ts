import { describe, expect, it } from 'vitest'
import { Schema } from '@tiptap/pm/model'
import { EditorState } from '@tiptap/pm/state'
import { lastChangedPosition } from './follow.js'

const schema = new Schema({ nodes: { doc: { content: 'block+' }, paragraph: { group: 'block', content: 'text*' }, text: {} } })
const doc = (...texts: string[]) => schema.node('doc', null, texts.map((t) => schema.node('paragraph', null, t ? schema.text(t) : [])))

describe('lastChangedPosition', () => {
  it('finds a change inside a document replaced whole, as a remote change arrives', () => {
    const before = doc('Participants', 'Ordre du jour', 'Actions')
    const after = doc('Participants', 'Ordre du jour : budget', 'Actions')
    const state = EditorState.create({ doc: before })
    const tr = state.tr.replaceWith(0, before.content.size, after.content)
    const pos = lastChangedPosition(tr)!
    // Inside the second paragraph, right after the added words.
    expect(tr.doc.resolve(pos).parent.textContent).toBe('Ordre du jour : budget')
    expect(tr.doc.textBetween(0, pos, '\n')).toBe('Participants\nOrdre du jour : budget')
  })

  it('says nothing for a transaction that changed nothing', () => {
    const state = EditorState.create({ doc: doc('Un') })
    expect(lastChangedPosition(state.tr)).toBeNull()
    expect(lastChangedPosition(state.tr.replaceWith(0, state.doc.content.size, doc('Un').content))).toBeNull()
  })
})
