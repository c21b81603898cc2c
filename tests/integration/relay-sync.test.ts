// The relay with stock y-websocket clients: convergence, awareness, restart from the archive,
// kill -9 right after convergence, and isolation between pages.
import { afterEach, describe, expect, it } from 'vitest'
import { newPageId } from '@carnet/core'
import { startRelay, type RelayProcess } from '../support/relay-process.js'
import { addParagraph, stockClient, type StockClient } from '../support/stock-client.js'
import { waitFor } from '../support/wait.js'

const relays: RelayProcess[] = []
const clients: StockClient[] = []

async function relay(options: Parameters<typeof startRelay>[0] = {}): Promise<RelayProcess> {
  const started = await startRelay(options)
  relays.push(started)
  return started
}

function client(...args: Parameters<typeof stockClient>): StockClient {
  const created = stockClient(...args)
  clients.push(created)
  return created
}

function converged(all: StockClient[], expected: (text: string) => boolean, what: string): Promise<void> {
  return waitFor(() => all.every((c) => expected(c.text())) && new Set(all.map((c) => c.text())).size === 1, {
    what,
    on: all.map((c) => [c.doc, 'update'] as [typeof c.doc, string]),
  })
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const r of relays.splice(0)) {
    if (r.child.exitCode === null) await r.crash()
  }
})

describe('relay with stock y-websocket clients', () => {
  it('makes three clients converge on one page and carries awareness to everyone', async () => {
    const server = await relay()
    const pageId = newPageId('sync')
    const [a, b, c] = ['Anne', 'Bruno', 'Chloé'].map((name) => client(server.syncUrl, pageId, { name }))
    await Promise.all([a!, b!, c!].map((x) => x.synced()))

    addParagraph(a!.doc, 'Ordre du jour')
    addParagraph(b!.doc, 'Décisions')
    addParagraph(c!.doc, 'Actions')
    await converged([a!, b!, c!], (t) => ['Ordre du jour', 'Décisions', 'Actions'].every((p) => t.includes(p)), 'three paragraphs everywhere')

    for (const observer of [a!, b!, c!]) {
      await waitFor(
        () => {
          const names = [...observer.provider.awareness.getStates().values()].map((s) => (s as { user?: { name?: string } }).user?.name)
          return ['Anne', 'Bruno', 'Chloé'].every((n) => names.includes(n))
        },
        { what: 'every name in awareness', on: [[observer.provider.awareness, 'change']] },
      )
    }
  })

  it('serves a page from SQLite after a restart, to a fresh client', async () => {
    const first = await relay()
    const pageId = newPageId('restart')
    const writer = client(first.syncUrl, pageId)
    await writer.synced()
    addParagraph(writer.doc, 'Compte rendu de la réunion du 12 mars')
    writer.doc.getMap('meta').set('title', 'Réunion de quartier')
    // The server acknowledges nothing in the stock protocol: a second client seeing the text proves
    // the relay has stored and forwarded it.
    const witness = client(first.syncUrl, pageId)
    await converged([writer, witness], (t) => t.includes('12 mars'), 'witness sees the text')
    writer.destroy()
    witness.destroy()
    expect(await first.stop()).toBe(0)

    const second = await relay({ dataDir: first.dataDir })
    const fresh = client(second.syncUrl, pageId)
    await fresh.synced()
    expect(fresh.text()).toContain('Compte rendu de la réunion du 12 mars')
    expect(fresh.doc.getMap('meta').get('title')).toBe('Réunion de quartier')
  })

  it('loses nothing when killed with SIGKILL right after clients converged', async () => {
    const first = await relay()
    const pageId = newPageId('kill')
    const a = client(first.syncUrl, pageId)
    const b = client(first.syncUrl, pageId)
    await Promise.all([a.synced(), b.synced()])
    for (let i = 0; i < 50; i++) addParagraph(i % 2 ? a.doc : b.doc, `ligne ${i}`)
    await converged([a, b], (t) => t.split('\n').length === 50, '50 lines on both')
    await first.crash()
    a.destroy()
    b.destroy()

    const second = await relay({ dataDir: first.dataDir })
    const fresh = client(second.syncUrl, pageId)
    await fresh.synced()
    const lines = fresh.text().split('\n')
    expect(lines).toHaveLength(50)
    for (let i = 0; i < 50; i++) expect(lines).toContain(`ligne ${i}`)
  })

  it('never lets two pages see each other', async () => {
    const server = await relay()
    const one = newPageId('one')
    const two = newPageId('two')
    const a1 = client(server.syncUrl, one)
    const b1 = client(server.syncUrl, one)
    const a2 = client(server.syncUrl, two)
    const b2 = client(server.syncUrl, two)
    await Promise.all([a1, b1, a2, b2].map((c) => c.synced()))
    addParagraph(a1.doc, 'seulement sur la page un')
    addParagraph(a2.doc, 'seulement sur la page deux')
    await converged([a1, b1], (t) => t === 'seulement sur la page un', 'page one')
    await converged([a2, b2], (t) => t === 'seulement sur la page deux', 'page two')
    // A third page joined afterwards sees neither.
    const late = client(server.syncUrl, newPageId('three'))
    await late.synced()
    expect(late.text()).toBe('')
    expect(b1.text()).not.toContain('deux')
    expect(b2.text()).not.toContain('un')
  })
})
