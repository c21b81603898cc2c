import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { PmNode } from '../page-schema.js'
import { pageBody } from '../page-doc.js'
import { fragmentToJson } from '../page-tree/from-ydoc.js'
import { jsonToFragment } from '../page-tree/to-ydoc.js'
import { pageActions } from './page-items.js'
import { setTaskChecked } from './task-check.js'

const task = (text: string, checked = false): PmNode => ({ type: 'taskItem', attrs: { checked }, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })

function page(...items: PmNode[]): Y.Doc {
  const doc = new Y.Doc()
  jsonToFragment({ type: 'doc', content: [{ type: 'taskList', content: items }] }, pageBody(doc))
  return doc
}

const actions = (doc: Y.Doc) => pageActions(fragmentToJson(pageBody(doc))).map((action) => [action.text, action.done])

describe('checking an action from a list', () => {
  it('checks the item at its place, as the editor’s checkbox would', () => {
    const doc = page(task('Appeler la mairie'), task('Ranger le local'))
    expect(setTaskChecked(doc, 1, 'Ranger le local', true)).toBe('changed')
    expect(actions(doc)).toEqual([['Appeler la mairie', false], ['Ranger le local', true]])
    expect(setTaskChecked(doc, 1, 'Ranger le local', true)).toBe('unchanged')
    expect(setTaskChecked(doc, 1, 'Ranger le local', false)).toBe('changed')
    expect(actions(doc)).toEqual([['Appeler la mairie', false], ['Ranger le local', false]])
  })

  it('finds the item by its text when the page moved since the list was read, and changes nothing when it is gone', () => {
    const doc = page(task('Nouvelle action'), task('Appeler la mairie'), task('Ranger le local'))
    expect(setTaskChecked(doc, 0, 'Appeler la mairie', true)).toBe('changed')
    expect(actions(doc)).toEqual([['Nouvelle action', false], ['Appeler la mairie', true], ['Ranger le local', false]])
    expect(setTaskChecked(doc, 2, 'Effacée depuis', true)).toBe('not-found')
    expect(actions(doc)).toEqual([['Nouvelle action', false], ['Appeler la mairie', true], ['Ranger le local', false]])
  })
})
