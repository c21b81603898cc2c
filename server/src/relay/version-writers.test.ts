import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { recordWriter } from '@carnet/core'
import { clocksAdvanced, stateVectorOf, writersSince } from './version-writers.js'

function writer(name: string): Y.Doc {
  const doc = new Y.Doc()
  recordWriter(doc, { name, color: '#123456' })
  return doc
}

function sync(...docs: Y.Doc[]): void {
  for (const from of docs) for (const to of docs) if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))
}

describe('writersSince', () => {
  it('names the clients whose clocks moved since the previous version', () => {
    const anne = writer('Anne')
    const bruno = writer('Bruno')
    const relay = new Y.Doc()
    anne.getXmlFragment('body').insert(0, [new Y.XmlText('bonjour')])
    sync(anne, bruno, relay)
    const previous = stateVectorOf(relay)

    bruno.getXmlFragment('body').insert(0, [new Y.XmlText('salut')])
    sync(anne, bruno, relay)
    expect(writersSince(relay, previous)).toEqual(['Bruno'])
    expect(writersSince(relay, new Map())).toEqual(['Anne', 'Bruno'])
    expect(clocksAdvanced(stateVectorOf(relay), previous)).toBe(true)
    expect(clocksAdvanced(stateVectorOf(relay), stateVectorOf(relay))).toBe(false)
  })

  it('adds clients known to have written (deleting moves no clock), and skips clients without a name', () => {
    const anne = writer('Anne')
    const stock = new Y.Doc()
    anne.getXmlFragment('body').insert(0, [new Y.XmlText('texte')])
    sync(anne, stock)
    const previous = stateVectorOf(anne)
    anne.getXmlFragment('body').delete(0, 1)
    stock.getXmlFragment('body').insert(0, [new Y.XmlText('anonyme')])
    sync(anne, stock)
    expect(clocksAdvanced(stateVectorOf(anne), previous)).toBe(true)
    expect(writersSince(anne, previous)).toEqual([])
    expect(writersSince(anne, previous, [anne.clientID])).toEqual(['Anne'])
  })

  it('gives each name once, sorted the French way', () => {
    const doc = new Y.Doc()
    const names = ['Émile', 'anne', 'Zoé', 'Émile']
    doc.transact(() => names.forEach((name, i) => doc.getMap('writers').set(String(100 + i), { name, color: '#000000' })))
    expect(writersSince(doc, new Map(), [100, 101, 102, 103])).toEqual(['anne', 'Émile', 'Zoé'])
  })
})
