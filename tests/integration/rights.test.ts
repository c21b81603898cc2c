// Edit and view links, enforced by the relay with stock y-websocket clients: only the edit key
// writes a claimed page, readers still read, a closed page refuses everyone, the key never leaks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { CloseCode, encodeAccessRequest, newEditKey, newPageId } from '@carnet/core'
import { rawSocket } from '../support/raw-socket.js'
import { startRelay, type RelayProcess } from '../support/relay-process.js'
import { addParagraph, stockClient, type StockClient } from '../support/stock-client.js'
import { getText } from '../support/http.js'
import { waitFor } from '../support/wait.js'

let relay: RelayProcess
const clients: StockClient[] = []

function client(pageId: string, key?: string, name?: string): StockClient {
  const c = stockClient(relay.syncUrl, pageId, { params: key ? { k: key } : {}, ...(name ? { name } : {}) })
  clients.push(c)
  return c
}

/** A page claimed with a fresh key by an owner who wrote `text`, and a keyless reader, both synced. */
async function claimedPage(pageId: string, text: string): Promise<{ key: string; owner: StockClient; reader: StockClient }> {
  const key = newEditKey()
  const owner = client(pageId, key)
  await owner.synced()
  addParagraph(owner.doc, text)
  const reader = client(pageId)
  await reader.synced()
  return { key, owner, reader }
}

beforeAll(async () => {
  relay = await startRelay()
})

afterAll(async () => {
  for (const c of clients) c.destroy()
  await relay.crash()
})

describe('rights', () => {
  it('drops keyless and wrong-key writes: they reach nobody, readers still read', async () => {
    const pageId = newPageId('rights')
    const { key, owner, reader } = await claimedPage(pageId, 'Texte de l’animatrice')
    // A wrong key is told at once, when it joins.
    const intruder = client(pageId, newEditKey())
    expect(await intruder.nextRefusal()).toMatch(/wrong edit key/)
    await intruder.synced()
    await waitFor(() => reader.text() === 'Texte de l’animatrice', { what: 'reader reads', on: [[reader.doc, 'update']] })
    await waitFor(() => intruder.text() === 'Texte de l’animatrice', { what: 'intruder reads', on: [[intruder.doc, 'update']] })

    const readerDenied = reader.nextRefusal()
    addParagraph(reader.doc, 'écrit sans clé')
    expect(await readerDenied).toMatch(/read-only/)
    addParagraph(intruder.doc, 'écrit avec une fausse clé')

    // The owner keeps writing and everyone sees it; the refused text reached nobody.
    addParagraph(owner.doc, 'Suite')
    await waitFor(() => reader.text().includes('Suite') && intruder.text().includes('Suite'), {
      what: 'owner text everywhere',
      on: [[reader.doc, 'update'], [intruder.doc, 'update']],
    })
    expect(owner.text()).toBe('Texte de l’animatrice\nSuite')
    const fresh = client(pageId)
    await fresh.synced()
    expect(fresh.text()).toBe('Texte de l’animatrice\nSuite')
    const md = await getText(`${relay.httpUrl}/api/pages/${pageId}/export?format=md`)
    expect(md.body).not.toContain('sans clé')
    expect(md.body).not.toContain('fausse clé')
  })

  it('lets a wrong key write a page open to all, without telling it its changes were refused', async () => {
    const pageId = newPageId('open-wrong-key')
    const first = client(pageId)
    await first.synced()
    addParagraph(first.doc, 'ouvert à tous')
    const other = client(pageId, newEditKey())
    await other.synced()
    await waitFor(() => other.text() === 'ouvert à tous', { what: 'the page read', on: [[other.doc, 'update']] })
    addParagraph(other.doc, 'avec une clé qui n’est pas la sienne')
    await waitFor(() => first.text().includes('avec une clé'), { what: 'the change accepted', on: [[first.doc, 'update']] })
    expect(other.refusals).toEqual([])
  })

  it('leaves a page first written without a key open to all (stock clients keep working)', async () => {
    const pageId = newPageId('open')
    const a = client(pageId)
    const b = client(pageId)
    await Promise.all([a.synced(), b.synced()])
    addParagraph(a.doc, 'a écrit')
    addParagraph(b.doc, 'b écrit')
    await waitFor(() => a.text().includes('b écrit') && b.text().includes('a écrit'), {
      what: 'both wrote',
      on: [[a.doc, 'update'], [b.doc, 'update']],
    })
    // A key brought later claims nothing: the page stays open.
    const late = client(pageId, newEditKey())
    await late.synced()
    addParagraph(late.doc, 'arrivé plus tard')
    await waitFor(() => a.text().includes('arrivé plus tard'), { what: 'late writer accepted', on: [[a.doc, 'update']] })
  })

  it('refuses a malformed edit key (4400) instead of taking it for none, which would open the page to all', async () => {
    const pageId = newPageId('cle-abimee')
    const socket = rawSocket(`${relay.syncUrl}/${pageId}?k=my-key`)
    expect(await socket.closed).toEqual({
      code: CloseCode.invalidPageId,
      reason: 'invalid edit key: expected 22 characters among A-Z, a-z, 0-9, "-" and "_"',
    })
    expect((await getText(`${relay.httpUrl}/api/pages/${pageId}`)).status).toBe(404)
    // The page is still free for whoever holds a real key.
    const { reader } = await claimedPage(pageId, 'à moi')
    await waitFor(() => reader.text().includes('à moi'), { what: 'the reader reads', on: [[reader.doc, 'update']] })
    const denied = reader.nextRefusal()
    addParagraph(reader.doc, 'intrus')
    expect(await denied).toMatch(/read-only/)
  })

  it('freezes a closed page for everyone until a key holder reopens it', async () => {
    const pageId = newPageId('closed')
    const key = newEditKey()
    const owner = client(pageId, key)
    const other = client(pageId, key)
    await Promise.all([owner.synced(), other.synced()])
    addParagraph(owner.doc, 'Avant la clôture')
    await waitFor(() => other.text() === 'Avant la clôture', { what: 'other sees', on: [[other.doc, 'update']] })

    owner.provider.ws!.send(encodeAccessRequest({ action: 'close' }))
    await waitFor(() => other.doc.getMap('meta').get('closed') === true, { what: 'closed flag in meta', on: [[other.doc, 'update']] })
    const denied = other.nextRefusal()
    addParagraph(other.doc, 'après la clôture')
    expect(await denied).toMatch(/closed/)
    const witness = client(pageId)
    await witness.synced()
    expect(witness.text()).toBe('Avant la clôture')

    owner.provider.ws!.send(encodeAccessRequest({ action: 'reopen' }))
    await waitFor(() => witness.doc.getMap('meta').get('closed') === false, { what: 'reopened', on: [[witness.doc, 'update']] })
    addParagraph(owner.doc, 'Rouverte')
    await waitFor(() => witness.text().includes('Rouverte'), { what: 'writes again', on: [[witness.doc, 'update']] })
  })

  it('never lets a reader close a page', async () => {
    const pageId = newPageId('noclose')
    const owner = client(pageId, newEditKey())
    await owner.synced()
    addParagraph(owner.doc, 'ouverte')
    const reader = client(pageId)
    await reader.synced()
    const denied = reader.nextRefusal()
    reader.provider.ws!.send(encodeAccessRequest({ action: 'close' }))
    expect(await denied).toMatch(/read-only/)
    addParagraph(owner.doc, 'toujours ouverte')
    await waitFor(() => reader.text().includes('toujours ouverte'), { what: 'still open', on: [[reader.doc, 'update']] })
  })

  it('keeps the key out of every API answer, the logs and the archive file', async () => {
    const pageId = newPageId('secret')
    const key = newEditKey()
    const owner = client(pageId, key)
    await owner.synced()
    addParagraph(owner.doc, 'secret bien gardé')
    owner.doc.getMap('meta').set('title', 'Page à clé')
    const witness = client(pageId)
    await waitFor(() => witness.text().includes('secret bien gardé'), { what: 'stored', on: [[witness.doc, 'update']] })

    const answers = await Promise.all(
      ['/api/pages', `/api/pages/${pageId}`, ...['md', 'wiki', 'html', 'txt', 'json'].map((f) => `/api/pages/${pageId}/export?format=${f}`)].map(
        (path) => getText(`${relay.httpUrl}${path}`),
      ),
    )
    for (const answer of answers) {
      expect(answer.status).toBe(200)
      expect(answer.body).not.toContain(key)
    }
    expect(JSON.stringify(relay.logs)).not.toContain(key)
    const db = new Database(join(relay.dataDir, 'carnet.sqlite'), { readonly: true })
    const access = db.prepare('SELECT key_hash FROM page_access WHERE page_id = ?').get(pageId) as { key_hash: string }
    db.close()
    expect(access.key_hash).toMatch(/^[0-9a-f]{64}$/)
    for (const file of readdirSync(relay.dataDir)) expect(readFileSync(join(relay.dataDir, file)).includes(key)).toBe(false)
  })
})
