// Bad input: every case ends the offending socket with a clear close code and reason, stores
// nothing, and leaves the relay and every other page working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import * as Y from 'yjs'
import { CloseCode, decodeAwarenessEntries, encodeAwareness, encodeAwarenessEntries, encodeSyncUpdate, newPageId, parseClientFrame } from '@carnet/core'
import { metricValue } from '../support/metrics.js'
import { startRelay, type RelayProcess } from '../support/relay-process.js'
import { rawSocket } from '../support/raw-socket.js'
import { addParagraph, stockClient, type StockClient } from '../support/stock-client.js'
import { waitFor } from '../support/wait.js'

let server: RelayProcess
let bystanderA: StockClient
let bystanderB: StockClient
const bystanderPage = newPageId('bystander')

function storedUpdates(pageId: string): number {
  const db = new Database(join(server.dataDir, 'carnet.sqlite'), { readonly: true })
  try {
    const row = db.prepare('SELECT count(*) AS n FROM updates WHERE page_id = ?').get(pageId) as { n: number }
    const snap = db.prepare('SELECT count(*) AS n FROM snapshots WHERE page_id = ?').get(pageId) as { n: number }
    return row.n + snap.n
  } finally {
    db.close()
  }
}

/** The bystanders, on another page, still edit together after each bad client. */
async function othersStillWork(label: string): Promise<void> {
  addParagraph(bystanderA.doc, label)
  await waitFor(() => bystanderB.text().includes(label), { what: `bystander sees "${label}"`, on: [[bystanderB.doc, 'update']] })
}

beforeAll(async () => {
  server = await startRelay({ env: { CARNET_MAX_MESSAGE_BYTES: String(1024 * 1024) } })
  bystanderA = stockClient(server.syncUrl, bystanderPage)
  bystanderB = stockClient(server.syncUrl, bystanderPage)
  await Promise.all([bystanderA.synced(), bystanderB.synced()])
})

afterAll(async () => {
  bystanderA.destroy()
  bystanderB.destroy()
  await server.crash()
})

describe('bad input', () => {
  it.each([
    ['upper case', 'Reunion'],
    ['too short', 'ab'],
    ['too long', 'a'.repeat(65)],
    ['a slash', 'a/b/c'],
    ['a dot', 'page.1'],
    ['an accent', 'réunion'],
  ])('refuses a page id with %s (4400) before touching storage', async (_label, pageId) => {
    const socket = rawSocket(`${server.syncUrl}/${encodeURIComponent(pageId)}`)
    const { code, reason } = await socket.closed
    expect(code).toBe(CloseCode.invalidPageId)
    expect(reason).toMatch(/invalid page id/)
    expect(socket.received).toHaveLength(0)
    await othersStillWork(`after id ${pageId}`)
  })

  it('counts refused page ids in /metrics', async () => {
    expect(await metricValue(server.httpUrl, 'carnet_errors_total', 'kind="bad-page-id"')).toBeGreaterThanOrEqual(6)
  })

  it('closes a socket that sends a frame that is not the protocol (4422)', async () => {
    const pageId = newPageId('garbage')
    for (const frame of [new Uint8Array([0xff, 0xff, 0xff]), new Uint8Array([7, 1, 2]), new Uint8Array([])]) {
      const socket = rawSocket(`${server.syncUrl}/${pageId}`)
      await socket.opened
      socket.send(frame)
      const { code, reason } = await socket.closed
      expect(code).toBe(CloseCode.malformedMessage)
      expect(reason).toMatch(/^malformed message/)
    }
    const text = rawSocket(`${server.syncUrl}/${pageId}`)
    await text.opened
    text.send('hello')
    expect(await text.closed).toEqual({ code: CloseCode.malformedMessage, reason: 'malformed message: expected binary frames' })
    expect(storedUpdates(pageId)).toBe(0)
    await othersStillWork('after garbage frames')
  })

  it('refuses a truncated update and stores nothing', async () => {
    const pageId = newPageId('truncated')
    const doc = new Y.Doc()
    addParagraph(doc, 'un texte assez long pour être coupé en deux')
    const update = Y.encodeStateAsUpdate(doc)
    for (const cut of [1, 5, Math.floor(update.length / 2), update.length - 1]) {
      const socket = rawSocket(`${server.syncUrl}/${pageId}`)
      await socket.opened
      // A well-framed sync message whose Yjs update is cut short.
      socket.send(encodeSyncUpdate(update.slice(0, cut)))
      const { code, reason } = await socket.closed
      expect(code).toBe(CloseCode.malformedMessage)
      expect(reason).toMatch(/invalid Yjs update|truncated/)
    }
    // And a frame whose length prefix promises more bytes than it has.
    const socket = rawSocket(`${server.syncUrl}/${pageId}`)
    await socket.opened
    socket.send(encodeSyncUpdate(update).slice(0, 10))
    expect((await socket.closed).reason).toBe('malformed message: truncated message')
    expect(storedUpdates(pageId)).toBe(0)
    await othersStillWork('after truncated updates')
  })

  it('closes a socket that sends a frame over the size limit (1009), storing nothing', async () => {
    const pageId = newPageId('huge')
    const socket = rawSocket(`${server.syncUrl}/${pageId}`)
    await socket.opened
    const huge = new Uint8Array(1024 * 1024 + 1)
    huge.set(encodeSyncUpdate(new Uint8Array([0, 0])).subarray(0, 2))
    socket.send(huge)
    const { code } = await socket.closed
    expect(code).toBe(CloseCode.messageTooBig)
    expect(storedUpdates(pageId)).toBe(0)
    expect(await metricValue(server.httpUrl, 'carnet_errors_total', 'kind="message-too-big"')).toBe(1)
    await othersStillWork('after a huge frame')
  })

  it('keeps each socket to its own presence: a forged awareness entry reaches nobody', async () => {
    const pageId = newPageId('presence')
    const anne = stockClient(server.syncUrl, pageId, { name: 'Anne' })
    const bruno = stockClient(server.syncUrl, pageId, { name: 'Bruno' })
    try {
      await Promise.all([anne.synced(), bruno.synced()])
      const nameSeenByBruno = (clientId: number) => (bruno.provider.awareness.getStates().get(clientId)?.user as { name?: string } | undefined)?.name
      const brunoHears = (what: string, condition: () => boolean) => waitFor(condition, { what, on: [[bruno.provider.awareness, 'change']] })
      await brunoHears('Anne’s presence', () => nameSeenByBruno(anne.doc.clientID) === 'Anne')

      const mallory = rawSocket(`${server.syncUrl}/${pageId}`)
      await mallory.opened
      mallory.send(
        encodeAwareness(
          encodeAwarenessEntries([
            { clientId: anne.doc.clientID, clock: 1000, state: JSON.stringify({ user: { name: 'IMPOSTOR' } }) },
            { clientId: 424242, clock: 1, state: JSON.stringify({ user: { name: 'Mallory' } }) },
          ]),
        ),
      )
      // Mallory's own presence arrives, from the same frame; the forged one never does.
      await brunoHears('Mallory’s own presence', () => nameSeenByBruno(424242) === 'Mallory')
      expect(nameSeenByBruno(anne.doc.clientID)).toBe('Anne')
      expect(mallory.ws.readyState).toBe(mallory.ws.OPEN)
      mallory.ws.close()
      await brunoHears('Mallory gone with her socket', () => nameSeenByBruno(424242) === undefined)
      expect(nameSeenByBruno(anne.doc.clientID)).toBe('Anne')
    } finally {
      anne.destroy()
      bruno.destroy()
    }
  })

  it('refuses a socket that announces more presences than a client has, or one too large (4422)', async () => {
    const pageId = newPageId('presences')
    const flood = rawSocket(`${server.syncUrl}/${pageId}`)
    await flood.opened
    flood.send(encodeAwareness(encodeAwarenessEntries(Array.from({ length: 4000 }, (_, i) => ({ clientId: 1000 + i, clock: 1, state: '{"user":{"name":"x"}}' })))))
    expect(await flood.closed).toEqual({ code: CloseCode.malformedMessage, reason: 'malformed message: too many awareness clients: at most 4 per connection' })

    const huge = rawSocket(`${server.syncUrl}/${pageId}`)
    await huge.opened
    huge.send(encodeAwareness(encodeAwarenessEntries([{ clientId: 7, clock: 1, state: JSON.stringify({ user: { name: 'x'.repeat(20_000) } }) }])))
    const { code, reason } = await huge.closed
    expect(code).toBe(CloseCode.malformedMessage)
    expect(reason).toMatch(/awareness state too large/)

    // Nobody joining afterwards hears of any of it: the page's awareness is empty.
    const late = rawSocket(`${server.syncUrl}/${pageId}`)
    await late.opened
    late.send(new Uint8Array([3])) // query-awareness
    const awarenessFrames = () => late.received.map((frame) => parseClientFrame(frame)).filter((frame) => frame.kind === 'awareness')
    await waitFor(() => awarenessFrames().length > 0, { what: 'the awareness answer', on: [[late.ws, 'message']] })
    for (const frame of awarenessFrames()) expect(decodeAwarenessEntries(frame.kind === 'awareness' ? frame.update : new Uint8Array())).toEqual([])
    late.ws.close()
    await othersStillWork('after an awareness flood')
    expect(await metricValue(server.httpUrl, 'carnet_errors_total', 'kind="awareness-limit"')).toBe(2)
  })

  it('answers unknown HTTP upgrade paths with 404', async () => {
    const socket = rawSocket(`ws://127.0.0.1:${server.port}/elsewhere/page-1`)
    await expect(socket.opened).rejects.toThrow('HTTP 404')
  })
})
