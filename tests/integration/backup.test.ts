// Moving a page between two Carnet servers: relay A serves the page's `.carnet` backup (its whole
// Yjs state); a stock client imports it on relay B as a new page (applies it to an empty doc under
// a new id); B then serves the same page — body, meta, writers — in every format.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { newPageId, type PageJson } from '@carnet/core'
import { startRelay, type RelayProcess } from '../support/relay-process.js'
import { bodyText, stockClient, type StockClient } from '../support/stock-client.js'
import { writeMeetingPage } from '../support/meeting-page.js'
import { getJson, getText } from '../support/http.js'
import { waitFor } from '../support/wait.js'

let relayA: RelayProcess
let relayB: RelayProcess
const clients: StockClient[] = []

beforeAll(async () => {
  ;[relayA, relayB] = await Promise.all([startRelay(), startRelay()])
})

afterAll(async () => {
  for (const c of clients) c.destroy()
  await Promise.all([relayA.crash(), relayB.crash()])
})

function client(relay: RelayProcess, pageId: string): StockClient {
  const c = stockClient(relay.syncUrl, pageId)
  clients.push(c)
  return c
}

async function download(url: string): Promise<{ status: number; bytes: Uint8Array; headers: Headers }> {
  const res = await fetch(url)
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()), headers: res.headers }
}

/** The JSON export without what differs between two servers by nature: the id. */
async function pageJson(relay: RelayProcess, pageId: string): Promise<{ meta: unknown; body: unknown }> {
  const { status, body } = await getJson<PageJson>(`${relay.httpUrl}/api/pages/${pageId}/export?format=json`)
  expect(status).toBe(200)
  return { meta: body.meta, body: body.body }
}

describe('.carnet backup', () => {
  it('moves a page to a second server as a new page, with the same content and meta', async () => {
    const source = newPageId('source')
    const anne = client(relayA, source)
    const bruno = client(relayA, source)
    await Promise.all([anne.synced(), bruno.synced()])
    writeMeetingPage(anne.doc, {
      title: 'Wiki-journée',
      date: '2026-04-04',
      place: 'Les Capucins',
      tags: ['Wiki', 'Éducation populaire'],
      createdAt: Date.UTC(2026, 3, 1),
      writer: 'Anne',
      paragraphs: ['Accueil à 9 h.', 'Décisions : on publie sous licence libre.'],
    })
    writeMeetingPage(bruno.doc, { writer: 'Bruno', paragraphs: ['Ajout de Bruno.'] })
    await waitFor(() => bodyText(anne.doc).includes('Ajout de Bruno.'), { what: 'anne has bruno’s text', on: [[anne.doc, 'update']] })

    const backup = await download(`${relayA.httpUrl}/api/pages/${source}/export?format=yjs`)
    expect(backup.status).toBe(200)
    expect(backup.headers.get('content-type')).toBe('application/octet-stream')
    expect(backup.headers.get('content-disposition')).toBe(`attachment; filename="${source}.yjs"`)

    // Import: a stock client on B applies the backup to a new page, as any Yjs program could.
    const target = newPageId('import')
    const importer = client(relayB, target)
    await importer.synced()
    Y.applyUpdate(importer.doc, backup.bytes)
    const witness = client(relayB, target)
    await witness.synced()
    await waitFor(() => bodyText(witness.doc) === bodyText(anne.doc), { what: 'B serves the imported page', on: [[witness.doc, 'update']] })

    expect(await pageJson(relayB, target)).toEqual(await pageJson(relayA, source))
    expect([...witness.doc.getMap('writers').values()].map((w) => (w as { name: string }).name).sort()).toEqual(['Anne', 'Bruno'])
    const [mdA, mdB] = await Promise.all([
      getText(`${relayA.httpUrl}/api/pages/${source}/export?format=md`),
      getText(`${relayB.httpUrl}/api/pages/${target}/export?format=md`),
    ])
    // Only the source line (the page's address) differs.
    const withoutSource = (md: string) => md.replace(/^Source : .*$/m, '')
    expect(withoutSource(mdB.body)).toBe(withoutSource(mdA.body))

    // B's own backup of the imported page holds the same page again.
    const again = await download(`${relayB.httpUrl}/api/pages/${target}/export?format=yjs`)
    const roundTrip = new Y.Doc()
    Y.applyUpdate(roundTrip, again.bytes)
    expect(bodyText(roundTrip)).toBe(bodyText(anne.doc))
    expect(roundTrip.getMap('meta').toJSON()).toEqual(anne.doc.getMap('meta').toJSON())
  })

  it('refuses a backup of a page that does not exist or has a bad id', async () => {
    expect((await download(`${relayA.httpUrl}/api/pages/never-written/export?format=yjs`)).status).toBe(404)
    expect((await download(`${relayA.httpUrl}/api/pages/Bad_Id/export?format=yjs`)).status).toBe(400)
  })
})
