// The archive API over real HTTP, and the archive's refusal to replace a page it cannot read.
import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { CloseCode, newPageId, type ApiError, type PageListResponse, type PageSummary } from '@carnet/core'
import { endedAfterEachTest } from '../support/cleanup.js'
import { startRelay, type RelayProcess } from '../support/relay-process.js'
import { rawSocket } from '../support/raw-socket.js'
import { stockClient } from '../support/stock-client.js'
import { getJson, getText } from '../support/http.js'
import { metricValue } from '../support/metrics.js'
import { waitFor } from '../support/wait.js'
import * as Y from 'yjs'

const { relays, clients } = endedAfterEachTest()

/** Writes a small meeting page the way the editor stores it (heading, paragraph with marks, list). */
function writeMeetingPage(doc: Y.Doc): void {
  doc.transact(() => {
    const body = doc.getXmlFragment('body')
    const heading = new Y.XmlElement('heading')
    heading.setAttribute('level', 2 as unknown as string)
    heading.insert(0, [new Y.XmlText('Décisions')])
    const paragraph = new Y.XmlElement('paragraph')
    const text = new Y.XmlText()
    text.insert(0, 'Le local est ')
    text.insert(13, 'ouvert', { bold: {} })
    text.insert(19, ' le samedi.', { bold: null })
    paragraph.insert(0, [text])
    const list = new Y.XmlElement('bulletList')
    // Built before it joins the document, where reading `list.length` would be an invalid access.
    list.insert(
      0,
      ['Anne : affiche', 'Bruno : clés'].map((item) => {
        const li = new Y.XmlElement('listItem')
        const p = new Y.XmlElement('paragraph')
        p.insert(0, [new Y.XmlText(item)])
        li.insert(0, [p])
        return li
      }),
    )
    body.insert(0, [heading, paragraph, list])
    doc.getMap('meta').set('title', 'Réunion du collectif')
  })
}

async function writtenPage(server: RelayProcess): Promise<string> {
  const pageId = newPageId('api')
  const writer = stockClient(server.syncUrl, pageId)
  const witness = stockClient(server.syncUrl, pageId)
  clients.push(writer, witness)
  await Promise.all([writer.synced(), witness.synced()])
  writeMeetingPage(writer.doc)
  await waitFor(() => witness.doc.getMap('meta').get('title') === 'Réunion du collectif', {
    what: 'witness has the page',
    on: [[witness.doc, 'update']],
  })
  return pageId
}

describe('archive API', () => {
  it('lists pages with their title and update time, and describes one page', async () => {
    const server = await startRelay()
    relays.push(server)
    const before = Date.now()
    const pageId = await writtenPage(server)

    const list = await getJson<PageListResponse>(`${server.httpUrl}/api/pages`)
    expect(list.status).toBe(200)
    const entry = list.body.pages.find((p) => p.id === pageId)
    expect(entry).toMatchObject({ id: pageId, title: 'Réunion du collectif' })
    expect(Date.parse(entry!.updatedAt)).toBeGreaterThanOrEqual(before - 1000)

    const one = await getJson<PageSummary>(`${server.httpUrl}/api/pages/${pageId}`)
    expect(one.status).toBe(200)
    expect(one.body).toMatchObject({ id: pageId, title: 'Réunion du collectif', licence: 'CC-BY-SA-4.0' })
  })

  it('exports Markdown and MediaWiki wikitext', async () => {
    const server = await startRelay()
    relays.push(server)
    const pageId = await writtenPage(server)

    const md = await getText(`${server.httpUrl}/api/pages/${pageId}/export?format=md`)
    expect(md.status).toBe(200)
    expect(md.headers.get('content-type')).toMatch(/^text\/markdown/)
    expect(md.body).toContain('# Réunion du collectif')
    expect(md.body).toContain('## Décisions')
    expect(md.body).toContain('Le local est **ouvert** le samedi.')
    expect(md.body).toMatch(/^- Anne : affiche$/m)

    const wiki = await getText(`${server.httpUrl}/api/pages/${pageId}/export?format=wiki`)
    expect(wiki.status).toBe(200)
    expect(wiki.body).toContain("Le local est '''ouvert''' le samedi.")
    expect(wiki.body).toMatch(/^\* Bruno : clés$/m)
    expect(wiki.body).toMatch(/^== Décisions ==$/m)
  })

  it('answers bad requests with clear errors', async () => {
    const server = await startRelay()
    relays.push(server)
    expect(await getJson<ApiError>(`${server.httpUrl}/api/pages/NOT_VALID`)).toMatchObject({ status: 400, body: { error: expect.stringMatching(/invalid page id/) } })
    expect(await getJson<ApiError>(`${server.httpUrl}/api/pages/never-written-page`)).toMatchObject({ status: 404, body: { error: 'page not found' } })
    const pageId = await writtenPage(server)
    expect(await getJson<ApiError>(`${server.httpUrl}/api/pages/${pageId}/export?format=pdf`)).toMatchObject({ status: 400 })
    expect(await getJson(`${server.httpUrl}/healthz`)).toMatchObject({ status: 200, body: { status: 'ok' } })
  })

  it('refuses a page it cannot read instead of serving an empty one, and changes nothing', async () => {
    const first = await startRelay()
    relays.push(first)
    const pageId = await writtenPage(first)
    for (const c of clients.splice(0)) c.destroy()
    expect(await first.stop()).toBe(0) // a graceful stop compacts the page into a snapshot

    const file = join(first.dataDir, 'carnet.sqlite')
    const garbage = Buffer.from('this is not a Yjs update at all')
    const db = new Database(file)
    expect(db.prepare('UPDATE snapshots SET data = ? WHERE page_id = ?').run(garbage, pageId).changes).toBe(1)
    db.close()

    const second = await startRelay({ dataDir: first.dataDir })
    relays.push(second)
    const socket = rawSocket(`${second.syncUrl}/${pageId}`)
    const { code, reason } = await socket.closed
    expect(code).toBe(CloseCode.pageLoadFailed)
    expect(reason).toMatch(/could not be loaded/)
    expect(socket.received).toHaveLength(0)
    // A stock client is refused too, and its (empty) state is not written over the page.
    const stock = stockClient(second.syncUrl, pageId, { connect: false })
    clients.push(stock)
    const refused = stock.nextClose()
    stock.provider.connect()
    expect((await refused).code).toBe(CloseCode.pageLoadFailed)
    stock.destroy()
    expect(await metricValue(second.httpUrl, 'carnet_errors_total', 'kind="page-load"')).toBe(2)
    expect(await second.stop()).toBe(0)

    const after = new Database(file, { readonly: true })
    const row = after.prepare('SELECT data FROM snapshots WHERE page_id = ?').get(pageId) as { data: Buffer }
    const updates = after.prepare('SELECT count(*) AS n FROM updates WHERE page_id = ?').get(pageId) as { n: number }
    after.close()
    expect(Buffer.from(row.data).equals(garbage)).toBe(true)
    expect(updates.n).toBe(0)
  })
})
