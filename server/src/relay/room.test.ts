// The room in process, with real sockets on loopback and the real SQLite store in memory: the
// durability rule seen from the inside — nothing leaves before it is stored, a failed write closes
// only its own writers, a claim lost to another process drops the group it judged.
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import * as Y from 'yjs'
import pino from 'pino'
import { CloseCode, encodeSyncStep1, encodeSyncUpdate, newEditKey, parseClientFrame, type ClientFrame } from '@carnet/core'
import { SqliteStore } from '../archive/sqlite-store.js'
import { singleProcess } from '../cluster/fanout.js'
import { RelayMetrics } from '../observability/metrics.js'
import { AddressBacklog, Connection } from './connection.js'
import { hashEditKey } from './page-rights.js'
import { RecentPresences } from './recent-presences.js'
import { Room, type RoomStore } from './room.js'
import { SocketBudget } from './socket-budget.js'
import { WsTransport } from './transport.js'

const log = pino({ level: 'silent' })
const ended: Array<() => unknown> = []

afterEach(async () => {
  for (const end of ended.splice(0).reverse()) await end()
})

/** A client socket and the relay's Connection for it, over a real loopback WebSocket. */
interface Pair {
  conn: Connection
  client: WebSocket
  /** What the client received, decoded as client frames would be (sync and awareness read alike). */
  received: Uint8Array[]
  closed: Promise<{ code: number; reason: string }>
}

async function socketServer(): Promise<(key?: string) => Promise<Pair>> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  await new Promise((resolve) => server.once('listening', resolve))
  ended.push(() => new Promise((resolve) => server.close(resolve)))
  const port = (server.address() as { port: number }).port
  return async (key) => {
    const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve))
    const client = new WebSocket(`ws://127.0.0.1:${port}`)
    client.binaryType = 'nodebuffer'
    const received: Uint8Array[] = []
    client.on('message', (data: Buffer) => received.push(new Uint8Array(data)))
    const closed = new Promise<{ code: number; reason: string }>((resolve) => client.once('close', (code, reason) => resolve({ code, reason: reason.toString() })))
    const ws = await accepted
    await new Promise((resolve) => (client.readyState === WebSocket.OPEN ? resolve(undefined) : client.once('open', resolve)))
    ws.binaryType = 'nodebuffer'
    ended.push(() => client.terminate())
    const conn = new Connection(new WsTransport(ws), 'page-test', false, key, '127.0.0.1', {
      maxBufferedBytes: 16 * 1024 * 1024,
      addressBacklog: new AddressBacklog(),
      budget: new SocketBudget({ messagesPerSecond: 200, messageBurst: 2000, bytesPerSecond: 1 << 20, bytesBurst: 8 << 20 }, performance.now()),
    })
    ws.on('close', () => conn.ended())
    return { conn, client, received, closed }
  }
}

function openRoom(store: RoomStore): Room {
  const room = new Room('page-test', store, {
    compactAfterUpdates: 500,
    maxPageBytes: 32 << 20,
    historyIntervalMs: 300_000,
    metrics: new RelayMetrics(),
    fanout: singleProcess,
    presences: new RecentPresences(),
  }, log)
  ended.push(() => room.unload())
  return room
}

/** A room on `store` with a writer and a reader in it, loaded. */
async function writerAndReader(store: RoomStore): Promise<{ room: Room; writer: Pair; reader: Pair }> {
  const connect = await socketServer()
  const room = openRoom(store)
  const writer = await connect()
  const reader = await connect()
  room.join(writer.conn)
  room.join(reader.conn)
  await room.loaded
  return { room, writer, reader }
}

/** A client's update: a paragraph of `text` in the page body. */
function paragraph(text: string): Uint8Array {
  const doc = new Y.Doc()
  const element = new Y.XmlElement('paragraph')
  element.insert(0, [new Y.XmlText(text)])
  doc.getXmlFragment('body').insert(0, [element])
  return Y.encodeStateAsUpdate(doc)
}

function syncUpdatesIn(frames: Uint8Array[]): Uint8Array[] {
  return frames
    .map((frame) => {
      try {
        return parseClientFrame(frame)
      } catch {
        return null
      }
    })
    .filter((frame): frame is Extract<ClientFrame, { kind: 'sync-update' }> => frame?.kind === 'sync-update' && frame.step === 'update')
    .map((frame) => frame.update)
}

function until(condition: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const check = () => {
      if (condition()) resolve()
      else if (Date.now() - started > 5_000) reject(new Error(`timed out waiting for ${what}`))
      else setTimeout(check, 5)
    }
    check()
  })
}

describe('Room', () => {
  it('lets nothing of a change out before the store has it', async () => {
    const sqlite = new SqliteStore(':memory:')
    ended.push(() => sqlite.close())
    // The real store, whose appends wait until the test lets them through.
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    let appending = false
    const store: RoomStore = Object.assign(Object.create(sqlite) as SqliteStore, {
      appendUpdates: async (pageId: string, updates: readonly Uint8Array[], at: number) => {
        appending = true
        await gate
        return sqlite.appendUpdates(pageId, updates, at)
      },
    })
    const { room, writer, reader } = await writerAndReader(store)
    room.receive(writer.conn, encodeSyncUpdate(paragraph('Ordre du jour')))
    await until(() => appending, 'the append to start')
    // A round trip through the reader's socket: anything sent before now has arrived.
    await new Promise((resolve) => reader.client.ping(undefined, undefined, resolve))
    expect(syncUpdatesIn(reader.received)).toHaveLength(0)
    expect(await sqlite.loadPage('page-test')).toBeNull()
    release()
    await until(() => syncUpdatesIn(reader.received).length === 1, 'the update to reach the reader')
    expect((await sqlite.loadPage('page-test'))!.updates).toHaveLength(1)
  })

  it('closes only the writers of a change it could not store (4503), and the others read on', async () => {
    // A store on a full disk: its file may not grow past what the schema needs.
    const store = new SqliteStore(':memory:')
    ended.push(() => store.close())
    const pagesNow = store.db.pragma('page_count', { simple: true }) as number
    store.db.pragma(`max_page_count = ${pagesNow}`)
    const { room, writer, reader } = await writerAndReader(store)
    room.receive(writer.conn, encodeSyncUpdate(paragraph('x'.repeat(20_000))))
    expect(await writer.closed).toEqual({ code: CloseCode.storageUnavailable, reason: 'storage unavailable: your changes are kept on your device, retry later' })
    await room.whenIdle()
    expect(reader.client.readyState).toBe(WebSocket.OPEN)
    expect(syncUpdatesIn(reader.received)).toHaveLength(0)
    // The room started again from what is stored: nothing.
    expect(room.doc.getXmlFragment('body').length).toBe(0)
  })

  it('drops a group judged with a claim another process made first, and sends its writers to reconnect (1012)', async () => {
    const store = new SqliteStore(':memory:')
    ended.push(() => store.close())
    const connect = await socketServer()
    const room = openRoom(store)
    await room.loaded
    // Claimed elsewhere after this room read the page's access (nobody had claimed it then).
    await store.claimAccess('page-test', { keyHash: hashEditKey(newEditKey()), openToAll: false, closed: false })
    const mine = await connect(newEditKey())
    const reader = await connect()
    room.join(reader.conn)
    room.join(mine.conn)
    room.receive(mine.conn, encodeSyncUpdate(paragraph('écrit avec une clé qui a perdu')))
    expect((await mine.closed).code).toBe(CloseCode.serviceRestart)
    await room.whenIdle()
    expect(await store.loadPage('page-test')).toBeNull()
    expect(syncUpdatesIn(reader.received)).toHaveLength(0)
    expect(reader.client.readyState).toBe(WebSocket.OPEN)
  })

  describe('a newcomer on a large page just loaded', () => {
    /** A compacted page of about 200 KB: one stored snapshot, no log after it. */
    async function compactedPage(store: SqliteStore): Promise<Uint8Array> {
      await store.appendUpdates('page-test', [paragraph('Compte rendu. '.repeat(15_000))], 1)
      await store.compact('page-test')
      const stored = (await store.loadPage('page-test'))!
      expect(stored.updates).toHaveLength(0)
      return stored.snapshot!
    }

    function syncRepliesIn(frames: Uint8Array[]): Uint8Array[] {
      return frames.flatMap((frame) => {
        try {
          const parsed = parseClientFrame(frame)
          return parsed.kind === 'sync-update' && parsed.step === 'step2' ? [parsed.update] : []
        } catch {
          return []
        }
      })
    }

    it('is sent the page as stored before it is rebuilt, then only what it lacks', async () => {
      const store = new SqliteStore(':memory:')
      ended.push(() => store.close())
      const snapshot = await compactedPage(store)
      const connect = await socketServer()
      const reader = await connect()
      const room = openRoom(store)
      room.join(reader.conn)
      // Its request arrives in the event loop's next turn, as from a socket.
      setImmediate(() => room.receive(reader.conn, encodeSyncStep1(new Uint8Array([0]))))
      await room.loaded
      await room.whenIdle()
      await until(() => syncRepliesIn(reader.received).length === 2, 'both sync replies')
      const [first, second] = syncRepliesIn(reader.received)
      // Its very first message: the stored snapshot, byte for byte.
      expect(parseClientFrame(reader.received[0]!)).toMatchObject({ kind: 'sync-update', step: 'step2' })
      expect(Buffer.from(first!).equals(Buffer.from(snapshot))).toBe(true)
      // Then its request answered with what it lacked: nothing.
      expect(second!.length).toBeLessThan(16)
      const doc = new Y.Doc()
      for (const update of syncRepliesIn(reader.received)) Y.applyUpdate(doc, update)
      expect(doc.getXmlFragment('body').toString()).toBe(room.doc.getXmlFragment('body').toString())
    })

    it('who already holds part of the page is answered as before, from the document', async () => {
      const store = new SqliteStore(':memory:')
      ended.push(() => store.close())
      await compactedPage(store)
      const connect = await socketServer()
      const reader = await connect()
      const room = openRoom(store)
      room.join(reader.conn)
      const mine = new Y.Doc()
      mine.getText('notes').insert(0, 'à moi')
      setImmediate(() => room.receive(reader.conn, encodeSyncStep1(Y.encodeStateVector(mine))))
      await room.loaded
      await room.whenIdle()
      await until(() => syncRepliesIn(reader.received).length === 1, 'the sync reply')
      // The relay's greeting first, the page only in answer to its request.
      expect(parseClientFrame(reader.received[0]!)).toMatchObject({ kind: 'sync-step1' })
      Y.applyUpdate(mine, syncRepliesIn(reader.received)[0]!)
      expect(mine.getXmlFragment('body').toString()).toBe(room.doc.getXmlFragment('body').toString())
    })
  })
})
