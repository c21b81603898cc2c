import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { clearJournal, readJournal, saveJournal } from './unload-journal.js'

// A minimal localStorage for the node test environment.
const store = new Map<string, string>()
beforeEach(() => {
  ;(globalThis as { localStorage?: unknown }).localStorage = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  }
})
afterEach(() => store.clear())

describe('unload journal', () => {
  it('keeps a page’s last changes through a reload, byte for byte', () => {
    const doc = new Y.Doc()
    doc.getText('t').insert(0, 'Écrit juste avant de fermer l’onglet — ' + 'x'.repeat(70_000))
    const update = Y.encodeStateAsUpdate(doc)
    saveJournal('page-abc', update)
    expect(readJournal('page-abc')).toEqual(update)
    const again = new Y.Doc()
    Y.applyUpdate(again, readJournal('page-abc')!)
    expect(again.getText('t').toString()).toBe(doc.getText('t').toString())
    clearJournal('page-abc')
    expect(readJournal('page-abc')).toBeNull()
  })

  it('has nothing for a page that never needed it', () => {
    expect(readJournal('page-xyz')).toBeNull()
  })
})
