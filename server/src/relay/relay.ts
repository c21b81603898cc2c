// The relay: takes sockets upgraded on `/sync/<pageId>`, puts each in its page's room, loads a
// room on first use and unloads it once nobody is left. It speaks the stock y-websocket protocol,
// so stock clients work unchanged.
import type { IncomingMessage } from 'node:http'
import type { Logger } from 'pino'
import type { WebSocket } from 'ws'
import { CARNET_CLIENT_PARAM, CloseCode, EDIT_KEY_PARAM, isValidEditKey, isValidPageId } from '@carnet/core'
import type { PageStore } from '../archive/store.js'
import { Connection } from './connection.js'
import { Room, type RoomOptions } from './room.js'

export interface RelayOptions extends RoomOptions {
  maxBufferedBytes: number
  /** A room with nobody in it is unloaded after this delay (a reload right after is cheap). */
  unloadAfterMs: number
  pingIntervalMs: number
}

export class Relay {
  private readonly rooms = new Map<string, Room>()
  /** Rooms being unloaded, by page: a new room for the page waits for it. */
  private readonly unloading = new Map<string, Promise<void>>()
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>()
  private readonly pingTimer: NodeJS.Timeout
  private stopping = false

  constructor(
    private readonly store: PageStore,
    private readonly options: RelayOptions,
    private readonly log: Logger,
  ) {
    this.pingTimer = setInterval(() => this.pingAll(), options.pingIntervalMs)
    this.pingTimer.unref()
  }

  get loadedPages(): number {
    return this.rooms.size
  }

  get connectionCount(): number {
    let count = 0
    for (const room of this.rooms.values()) count += room.size
    return count
  }

  /** The loaded room of a page, if any: the HTTP API reads fresh documents from it. */
  loadedRoom(pageId: string): Room | undefined {
    const room = this.rooms.get(pageId)
    return room?.state === 'ready' ? room : undefined
  }

  handleConnection(ws: WebSocket, request: IncomingMessage, pageId: string): void {
    const url = new URL(request.url ?? '/', 'http://relay')
    const key = url.searchParams.get(EDIT_KEY_PARAM) ?? undefined
    const conn = new Connection(ws, pageId, url.searchParams.get(CARNET_CLIENT_PARAM) === '1', isValidEditKey(key) ? key : undefined, {
      maxBufferedBytes: this.options.maxBufferedBytes,
    })
    if (this.stopping) {
      conn.close(CloseCode.goingAway, 'server is shutting down')
      return
    }
    if (!isValidPageId(pageId)) {
      conn.close(CloseCode.invalidPageId, 'invalid page id: expected 3 to 64 characters among a-z, 0-9 and "-"')
      return
    }
    const room = this.roomFor(pageId)
    ws.binaryType = 'nodebuffer'
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) {
        conn.close(CloseCode.malformedMessage, 'malformed message: expected binary frames')
        return
      }
      room.receive(conn, new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    })
    ws.on('close', () => {
      conn.closed = true
      room.leave(conn)
      if (room.size === 0) this.scheduleUnload(room)
    })
    ws.on('error', (error) => {
      // ws reports protocol violations (e.g. a frame over maxPayload) here, then closes with a code.
      this.log.debug({ err: error, pageId, conn: conn.id }, 'socket error')
    })
    room.join(conn)
  }

  private roomFor(pageId: string): Room {
    const timer = this.unloadTimers.get(pageId)
    if (timer) {
      clearTimeout(timer)
      this.unloadTimers.delete(pageId)
    }
    const existing = this.rooms.get(pageId)
    if (existing && (existing.state === 'loading' || existing.state === 'ready')) return existing
    const room = new Room(pageId, this.store, this.options, this.log, this.unloading.get(pageId))
    this.rooms.set(pageId, room)
    return room
  }

  private scheduleUnload(room: Room): void {
    if (this.unloadTimers.has(room.pageId)) return
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room.pageId)
      if (room.size === 0) void this.unload(room)
    }, this.options.unloadAfterMs)
    this.unloadTimers.set(room.pageId, timer)
  }

  private unload(room: Room): Promise<void> {
    if (this.rooms.get(room.pageId) === room) this.rooms.delete(room.pageId)
    const done = room
      .unload()
      .catch((error: unknown) => this.log.error({ err: error, pageId: room.pageId }, 'unload failed'))
      .finally(() => {
        if (this.unloading.get(room.pageId) === done) this.unloading.delete(room.pageId)
      })
    this.unloading.set(room.pageId, done)
    return done
  }

  private pingAll(): void {
    for (const room of this.rooms.values()) {
      for (const conn of room.connections) {
        if (!conn.alive) {
          conn.ws.terminate()
          continue
        }
        conn.alive = false
        conn.ws.ping()
      }
    }
  }

  /** Graceful stop: every socket is told, every page written and compacted. */
  async stop(): Promise<void> {
    this.stopping = true
    clearInterval(this.pingTimer)
    for (const timer of this.unloadTimers.values()) clearTimeout(timer)
    this.unloadTimers.clear()
    const rooms = [...this.rooms.values()]
    // Frames already received are written before the sockets are told to go.
    await Promise.all(rooms.map((room) => room.loaded.then(() => room.whenIdle())))
    for (const room of rooms) {
      for (const conn of room.connections) conn.close(CloseCode.goingAway, 'server is shutting down')
    }
    await Promise.all([...rooms.map((room) => this.unload(room)), ...this.unloading.values()])
  }
}
