import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { changeSource } from './change-source.js'

describe('changeSource', () => {
  it('names the relay, the IndexedDB copy and this tab from the origin of a Y.Doc update', () => {
    const origins = { provider: { name: 'provider' }, local: { name: 'local' } }
    const doc = new Y.Doc()
    const seen: string[] = []
    doc.on('update', (_update: Uint8Array, origin: unknown) => seen.push(changeSource(origin, origins)))
    const remote = new Y.Doc()
    remote.getText('t').insert(0, 'relayé')
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote), origins.provider)
    remote.getText('t').insert(0, 'relu ')
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote), origins.local)
    doc.getText('t').insert(0, 'tapé ')
    doc.transact(() => doc.getMap('meta').set('title', 'Titre'), 'y-tiptap or anything else')
    expect(seen).toEqual(['relay', 'local-copy', 'this-tab', 'this-tab'])
  })
})
