// Limits, each with a clear close reason: messages per second, page size, pages in memory,
// Origin allow-list, connections per address (one public internet room is one address: 50
// people must get in), and a client that never reads.
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import WebSocket from 'ws'
import { CloseCode, encodeStoredQuery, encodeSyncUpdate, newPageId, type VersionListResponse } from '@carnet/core'
import { startRelay, type RelayProcess } from '../support/relay-process.js'
import { rawSocket } from '../support/raw-socket.js'
import { addParagraph, stockClient, type StockClient } from '../support/stock-client.js'
import { waitFor } from '../support/wait.js'
import { metricValue } from '../support/metrics.js'
import { until } from '../support/until.js'

const relays: RelayProcess[] = []
const clients: StockClient[] = []
const sockets: WebSocket[] = []

async function relay(env: Record<string, string> = {}): Promise<RelayProcess> {
  const started = await startRelay({ env })
  relays.push(started)
  return started
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of sockets.splice(0)) s.terminate()
  for (const r of relays.splice(0)) await r.crash()
})

async function bystandersConverge(server: RelayProcess, label: string): Promise<void> {
  const pageId = newPageId('bystander')
  const a = stockClient(server.syncUrl, pageId)
  const b = stockClient(server.syncUrl, pageId)
  clients.push(a, b)
  await Promise.all([a.synced(), b.synced()])
  addParagraph(a.doc, label)
  await waitFor(() => b.text() === label, { what: 'bystander sees the text', on: [[b.doc, 'update']] })
}

describe('limits', () => {
  it('closes a socket that sends a storm of messages (4429), other pages go on', async () => {
    const server = await relay({ CARNET_MAX_MESSAGES_PER_SECOND: '50', CARNET_MESSAGE_BURST: '100' })
    const storm = rawSocket(`${server.syncUrl}/${newPageId('storm')}`)
    await storm.opened
    // Cheap messages (a "stored?" query each): a storm of sync requests could meet the room's own
    // limit on those first, depending on how the frames fall into turns of the event loop.
    for (let i = 0; i < 1000 && storm.ws.readyState === WebSocket.OPEN; i++) storm.send(encodeStoredQuery(i + 1))
    const closed = await storm.closed
    expect(closed.code).toBe(CloseCode.tooManyMessages)
    expect(closed.reason).toBe('too many messages: the limit is 50 per second')
    await bystandersConverge(server, 'après la tempête')
    expect(await metricValue(server.httpUrl, 'carnet_errors_total', 'kind="rate-limit"')).toBe(1)
  })

  it('refuses updates that would make a page too large (4413), storing nothing of them', async () => {
    const server = await relay({ CARNET_MAX_PAGE_BYTES: '4096' })
    const pageId = newPageId('large')
    const writer = stockClient(server.syncUrl, pageId)
    clients.push(writer)
    await writer.synced()
    const closed = writer.nextClose()
    addParagraph(writer.doc, 'x'.repeat(8000))
    expect((await closed).code).toBe(CloseCode.pageTooLarge)
    writer.destroy()
    const reader = stockClient(server.syncUrl, pageId)
    clients.push(reader)
    await reader.synced()
    expect(reader.text()).toBe('')
  })

  it('keeps a bounded number of pages in memory: idle ones make room, then new ones wait (4430)', async () => {
    const server = await relay({ CARNET_MAX_LOADED_PAGES: '2', CARNET_UNLOAD_AFTER_MS: '600000' })
    const [one, two, three] = [newPageId('one'), newPageId('two'), newPageId('three')]
    const a = stockClient(server.syncUrl, one)
    const b = stockClient(server.syncUrl, two)
    clients.push(a, b)
    await Promise.all([a.synced(), b.synced()])
    const refused = rawSocket(`${server.syncUrl}/${three}`)
    expect(await refused.closed).toEqual({ code: CloseCode.tooManyPages, reason: 'too many pages open on this server: try again in a moment' })
    // Once page one is left (waiting for its long unload delay), it makes room at once.
    a.destroy()
    await until(async () => ((await metricValue(server.httpUrl, 'carnet_connections')) === 1 ? true : undefined), {
      what: 'the relay saw page one left',
    })
    const c = stockClient(server.syncUrl, three)
    clients.push(c)
    await c.synced()
    expect(await metricValue(server.httpUrl, 'carnet_pages_loaded')).toBe(2)
  })

  it('accepts only allowed browser origins (4403); programs without Origin still connect', async () => {
    const server = await relay({ CARNET_ALLOWED_ORIGINS: 'https://carnet.brest.fr, http://127.0.0.1:9' })
    const pageId = newPageId('origin')
    const evil = rawSocket(`${server.syncUrl}/${pageId}`, { headers: { Origin: 'https://evil.example' } })
    expect(await evil.closed).toEqual({ code: CloseCode.originNotAllowed, reason: 'origin not allowed on this server' })
    const good = rawSocket(`${server.syncUrl}/${pageId}`, { headers: { Origin: 'https://carnet.brest.fr' } })
    await good.opened
    await waitFor(() => good.received.length > 0, { what: 'sync step 1 from the relay' })
    good.ws.close()
    const program = stockClient(server.syncUrl, pageId)
    clients.push(program)
    await program.synced()
  })

  it('lets 50 people from one public internet room in, and only stops floods from one address', async () => {
    const server = await relay({ CARNET_TRUST_PROXY: '1', CARNET_MAX_CONNECTIONS_PER_ADDRESS: '60' })
    const pageId = newPageId('papi')
    const room: WebSocket[] = []
    for (let i = 0; i < 50; i++) {
      const ws = new WebSocket(`${server.syncUrl}/${pageId}`, { headers: { 'X-Forwarded-For': '203.0.113.7' } })
      room.push(ws)
      sockets.push(ws)
    }
    await Promise.all(room.map((ws) => new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))))
    for (let i = 0; i < 10; i++) {
      const ws = new WebSocket(`${server.syncUrl}/${pageId}`, { headers: { 'X-Forwarded-For': '203.0.113.7' } })
      sockets.push(ws)
      await new Promise((resolve) => ws.once('open', resolve))
    }
    const flood = rawSocket(`${server.syncUrl}/${pageId}`, { headers: { 'X-Forwarded-For': '203.0.113.7' } })
    expect((await flood.closed).code).toBe(CloseCode.tooManyMessages)
    // Another address is not affected.
    const other = rawSocket(`${server.syncUrl}/${pageId}`, { headers: { 'X-Forwarded-For': '198.51.100.2' } })
    await other.opened
    other.ws.close()
  })

  it('spaces out the history’s versions: writers coming and going cannot fill the disk with them', async () => {
    const server = await relay()
    const pageId = newPageId('versions')
    const reader = stockClient(server.syncUrl, pageId)
    clients.push(reader)
    await reader.synced()
    for (let i = 0; i < 8; i++) {
      const writer = stockClient(server.syncUrl, pageId)
      await writer.synced()
      addParagraph(writer.doc, `passage ${i}`)
      await waitFor(() => reader.text().includes(`passage ${i}`), { what: `passage ${i} stored`, on: [[reader.doc, 'update']] })
      writer.destroy()
    }
    // The first writer leaving saves a version at once; the next ones only bring the next forward.
    const versions = await until(
      async () => {
        const body = (await (await fetch(`${server.httpUrl}/api/pages/${pageId}/history`)).json()) as VersionListResponse
        return body.versions.length >= 1 ? body.versions : undefined
      },
      { what: 'a first version' },
    )
    expect(versions.length).toBe(1)
  })

  it('drops a client that never reads instead of growing the relay’s memory (slow consumer)', async () => {
    // The writer sends megabytes until the kernel's buffers are full: not a budget this test is about.
    const server = await relay({ CARNET_MAX_BUFFERED_BYTES: String(64 * 1024), CARNET_MAX_BYTES_PER_SECOND: String(64 * 1024 * 1024), CARNET_BYTES_BURST: String(256 * 1024 * 1024) })
    const pageId = newPageId('slow')
    const sleeper = new WebSocket(`${server.syncUrl}/${pageId}`)
    sockets.push(sleeper)
    await new Promise((resolve) => sleeper.once('open', resolve))
    // It stops reading from the socket: the kernel's buffers fill, then the relay's. (Paused, it
    // will not even notice being dropped: the relay's metrics tell.)
    ;(sleeper as unknown as { _socket: import('node:net').Socket })._socket.pause()
    const writer = rawSocket(`${server.syncUrl}/${pageId}`)
    await writer.opened
    const doc = new Y.Doc()
    const text = doc.getText('t')
    let sent = 0
    doc.on('update', (update: Uint8Array) => {
      writer.send(encodeSyncUpdate(update))
      sent += update.length
    })
    const drops = () => metricValue(server.httpUrl, 'carnet_errors_total', 'kind="slow-consumer"')
    for (let round = 0; round < 400 && (await drops()) === 0; round++) {
      text.insert(text.length, 'z'.repeat(64 * 1024))
      await waitFor(() => writer.ws.bufferedAmount === 0, { what: 'writer flushed' })
    }
    await until(async () => ((await drops()) > 0 ? true : undefined), { what: 'the slow consumer dropped (carnet_errors_total{kind="slow-consumer"})' })
    expect(sent).toBeGreaterThan(64 * 1024)
    expect(await drops()).toBe(1)
    // The writer itself was never disturbed.
    expect(writer.ws.readyState).toBe(WebSocket.OPEN)
    await bystandersConverge(server, 'après le lecteur endormi')
  })
})
