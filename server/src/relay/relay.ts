// The relay: takes sockets upgraded on `/sync/<pageId>`, puts each in its page's room, loads a
// room on first use and unloads it once nobody is left. It speaks the stock y-websocket protocol,
// so stock clients work unchanged.
import type { IncomingMessage } from 'node:http'
import type { Logger } from 'pino'
import type { WebSocket } from 'ws'
import { CARNET_CLIENT_PARAM, CloseCode, EDIT_KEY_PARAM, encodeLinkState, isValidEditKey, isValidPageId, type LinkState } from '@carnet/core'
import type { PageStore } from '../archive/store.js'
import type { ErrorKind, RelayMetrics } from '../observability/metrics.js'
import { isExemptLoopback, type ClientAddress } from '../http/client-address.js'
import { AddressBacklog, Connection } from './connection.js'
import { RecentPresences } from './recent-presences.js'
import { SocketBudget } from './socket-budget.js'
import { Room, type RoomOptions } from './room.js'
import { WsTransport } from './transport.js'

/**
 * What a federation link needs to know of the pages this relay holds (see federation/): told when
 * a page is loaded, and asked to finish its work on a page before it is unloaded.
 */
export interface PageLinks {
  opened(room: Room): void
  closing(room: Room): Promise<void>
}

export interface RelayOptions extends Omit<RoomOptions, 'metrics' | 'presences'> {
  /** A federation link (a room relay's link to the city), if any. */
  links?: PageLinks
  maxBufferedBytes: number
  /** A room with nobody in it is unloaded after this delay (a reload right after is cheap). */
  unloadAfterMs: number
  pingIntervalMs: number
  messagesPerSecond: number
  messageBurst: number
  bytesPerSecond: number
  bytesBurst: number
  maxLoadedPages: number
  maxConnectionsPerAddress: number
  allowedOrigins: readonly string[]
}

export class Relay {
  private readonly rooms = new Map<string, Room>()
  /** Rooms being unloaded, by page: a new room for the page waits for it. */
  private readonly unloading = new Map<string, Promise<void>>()
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>()
  private readonly pingTimer: NodeJS.Timeout
  /** Open sockets per client address, and what they have waiting to be sent together. */
  private readonly addresses = new Map<string, { sockets: number; backlog: AddressBacklog }>()
  private readonly presences = new RecentPresences()
  private stopping = false
  /** Pages being moved (see `withPageEvicted`): their sockets are told to come back later. */
  private readonly evicting = new Set<string>()
  /** Set while the whole archive is being replaced: sockets are told to come back later. */
  private paused = false

  constructor(
    private readonly store: PageStore,
    private readonly options: RelayOptions,
    private readonly log: Logger,
    private readonly metrics: RelayMetrics,
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

  /** Presences on the loaded pages, and the clocks kept for them (what presence costs in memory). */
  presenceCounts(): { presences: number; clocks: number } {
    let presences = 0
    let clocks = 0
    for (const room of this.rooms.values()) {
      presences += room.presence.size
      clocks += room.presence.clocks
    }
    return { presences, clocks }
  }

  /** The loaded room of a page, if any: the HTTP API reads fresh documents from it. */
  loadedRoom(pageId: string): Room | undefined {
    const room = this.rooms.get(pageId)
    return room?.state === 'ready' ? room : undefined
  }

  /** Takes a socket upgraded for `pageId`; `client` is who it comes from, as the HTTP side saw it. */
  handleConnection(ws: WebSocket, request: IncomingMessage, pageId: string, client: ClientAddress): void {
    const url = new URL(request.url ?? '/', 'http://relay')
    const key = url.searchParams.get(EDIT_KEY_PARAM) ?? undefined
    const { address } = client
    const seen = this.addresses.get(address) ?? { sockets: 0, backlog: new AddressBacklog() }
    const conn = new Connection(new WsTransport(ws), pageId, url.searchParams.get(CARNET_CLIENT_PARAM) === '1', isValidEditKey(key) ? key : undefined, address, {
      maxBufferedBytes: this.options.maxBufferedBytes,
      addressBacklog: seen.backlog,
      budget: new SocketBudget(this.options, performance.now()),
      onClose: (code, reason) => this.log.debug({ pageId, conn: conn.id, code, reason }, 'socket closed by the relay'),
      onSlowConsumer: () => {
        this.metrics.error('slow-consumer')
        this.log.warn({ pageId, conn: conn.id }, 'slow consumer dropped')
      },
    })
    const refusal = this.refusal(request, client, pageId, key)
    if (refusal) {
      if (refusal.kind) this.metrics.error(refusal.kind)
      conn.close(refusal.code, refusal.reason)
      return
    }
    const room = this.roomFor(pageId)
    if (!room) {
      this.metrics.error('too-many-pages')
      conn.close(CloseCode.tooManyPages, 'too many pages open on this server: try again in a moment')
      return
    }
    seen.sockets++
    this.addresses.set(address, seen)
    this.metrics.connections.inc()
    ws.binaryType = 'nodebuffer'
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (conn.rejected) return
      this.metrics.messages.inc()
      const overspent = conn.budget.takeFrame(performance.now(), data.byteLength)
      if (overspent) {
        this.metrics.error('rate-limit')
        conn.close(
          CloseCode.tooManyMessages,
          overspent === 'messages'
            ? `too many messages: the limit is ${this.options.messagesPerSecond} per second`
            : `too many bytes: the limit is ${this.options.bytesPerSecond} per second`,
        )
        return
      }
      if (!isBinary) {
        this.metrics.error('malformed-message')
        conn.close(CloseCode.malformedMessage, 'malformed message: expected binary frames')
        return
      }
      room.receive(conn, new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    })
    ws.on('close', () => {
      this.metrics.connections.dec()
      if (--seen.sockets === 0) this.addresses.delete(address)
      this.detach(room, conn)
    })
    ws.on('error', (error) => {
      // ws reports protocol violations (e.g. a frame over maxPayload) here, then closes with a code.
      if ((error as { code?: string }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.metrics.error('message-too-big')
      this.log.debug({ err: error, pageId, conn: conn.id }, 'socket error')
    })
    room.join(conn)
  }

  /**
   * Puts a connection that is not a client's socket (a federation link's share of a page) into the
   * page's room, loading it if needed; null when too many pages are in memory, or while the relay
   * stops or its archive is restored.
   */
  attach(pageId: string, conn: Connection): Room | null {
    if (this.stopping || this.paused || this.evicting.has(pageId)) return null
    const room = this.roomFor(pageId)
    room?.join(conn)
    return room
  }

  /** Tells every Carnet client (not linked relays) a room relay's new link state. */
  announceLink(state: LinkState): void {
    const frame = encodeLinkState(state)
    for (const room of this.rooms.values()) for (const conn of room.connections) if (!conn.trusted) conn.sendCarnet(frame)
  }

  /** The page's room, loaded for a link alone if it was not (it goes again once the link lets go). */
  openForLink(pageId: string): Room | null {
    if (this.stopping || this.paused || this.evicting.has(pageId)) return null
    return this.roomFor(pageId)
  }

  /**
   * Closes a page's sockets with `code` (told `notice` first), unloads the page, and runs `task`
   * while new sockets for the page are told to come back in a moment; then lets them in again.
   */
  async withPageEvicted(pageId: string, notice: (conn: Connection) => void, task: () => Promise<void>): Promise<void> {
    this.evicting.add(pageId)
    try {
      const room = this.rooms.get(pageId)
      if (room) {
        await room.loaded
        await room.whenIdle()
        for (const conn of room.connections) {
          notice(conn)
          conn.close(CloseCode.serviceRestart, 'the page is being moved: reconnecting')
        }
        await this.unload(room)
      }
      await this.unloading.get(pageId)
      await task()
    } finally {
      this.evicting.delete(pageId)
    }
  }

  /** Takes a connection out of its room (its socket closed, or its link let go of the page). */
  detach(room: Room, conn: Connection): void {
    conn.ended()
    room.leave(conn)
    if (room.size === 0) this.scheduleUnload(room)
  }

  /** Why a new socket is refused before it reaches a page, if it is. */
  private refusal(request: IncomingMessage, client: ClientAddress, pageId: string, key: string | undefined): { code: number; reason: string; kind?: ErrorKind } | null {
    if (this.stopping) return { code: CloseCode.goingAway, reason: 'server is shutting down' }
    if (this.paused) return { code: CloseCode.tryAgainLater, reason: 'the archive is being restored: try again in a moment' }
    if (this.evicting.has(pageId)) return { code: CloseCode.tryAgainLater, reason: 'the page is being moved: try again in a moment' }
    if (!isValidPageId(pageId)) {
      return { code: CloseCode.invalidPageId, reason: 'invalid page id: expected 3 to 64 characters among a-z, 0-9 and "-"', kind: 'bad-page-id' }
    }
    // A program that mints its own keys must hear that this one is not a key: taken as none, its
    // first write would open the page to all.
    if (key !== undefined && !isValidEditKey(key)) {
      return { code: CloseCode.invalidPageId, reason: 'invalid edit key: expected 22 characters among A-Z, a-z, 0-9, "-" and "_"', kind: 'bad-page-id' }
    }
    const origin = request.headers.origin
    // Browsers always send Origin; programs (stock clients in Node) usually do not, and are let in.
    if (origin && this.options.allowedOrigins.length > 0 && !this.options.allowedOrigins.includes(origin.replace(/\/+$/, ''))) {
      return { code: CloseCode.originNotAllowed, reason: 'origin not allowed on this server', kind: 'origin' }
    }
    const cap = this.options.maxConnectionsPerAddress
    // A header can say anything, loopback included: only a socket really from loopback is exempt.
    if (cap > 0 && !isExemptLoopback(client) && (this.addresses.get(client.address)?.sockets ?? 0) >= cap) {
      return { code: CloseCode.tooManyMessages, reason: `too many connections from one address (limit ${cap})`, kind: 'too-many-connections' }
    }
    return null
  }

  /** The page's room, loading it if needed; null when too many pages are in memory already. */
  private roomFor(pageId: string): Room | null {
    const timer = this.unloadTimers.get(pageId)
    if (timer) {
      clearTimeout(timer)
      this.unloadTimers.delete(pageId)
    }
    const existing = this.rooms.get(pageId)
    if (existing && (existing.state === 'loading' || existing.state === 'ready')) return existing
    if (this.rooms.size >= this.options.maxLoadedPages && !this.unloadOneIdleRoom()) return null
    const room = new Room(pageId, this.store, { ...this.options, metrics: this.metrics, presences: this.presences }, this.log, this.unloading.get(pageId))
    this.rooms.set(pageId, room)
    this.metrics.pagesLoaded.set(this.rooms.size)
    this.options.links?.opened(room)
    // Loaded for a link alone, it goes again once the link has let go.
    this.scheduleUnload(room)
    return room
  }

  /** Frees a place in memory by unloading a page nobody is on (waiting for its unload delay). */
  private unloadOneIdleRoom(): boolean {
    for (const [pageId, timer] of this.unloadTimers) {
      const room = this.rooms.get(pageId)
      if (!room || room.size > 0) continue
      clearTimeout(timer)
      this.unloadTimers.delete(pageId)
      void this.unload(room)
      return true
    }
    return false
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
    this.metrics.pagesLoaded.set(this.rooms.size)
    const links = this.options.links
    const done = (links ? links.closing(room).catch((error: unknown) => this.log.warn({ err: error, pageId: room.pageId }, 'the link could not finish with the page')) : Promise.resolve())
      .then(() => room.unload())
      .catch((error: unknown) => this.log.error({ err: error, pageId: room.pageId }, 'unload failed'))
      .finally(() => {
        if (this.unloading.get(room.pageId) === done) this.unloading.delete(room.pageId)
      })
    this.unloading.set(room.pageId, done)
    return done
  }

  private pingAll(): void {
    for (const room of this.rooms.values()) for (const conn of room.connections) conn.transport.heartbeat()
  }

  /**
   * Runs `task` with no page in memory: every socket is closed (clients reconnect by themselves)
   * and every page written, compacted and unloaded first; new sockets wait outside meanwhile.
   */
  async whilePaused<T>(task: () => Promise<T>): Promise<T> {
    if (this.paused) throw new Error('the relay is already paused')
    this.paused = true
    try {
      await this.unloadEverything(CloseCode.serviceRestart, 'the archive is being restored: reconnecting')
      return await task()
    } finally {
      this.paused = false
    }
  }

  private async unloadEverything(code: number, reason: string): Promise<void> {
    for (const timer of this.unloadTimers.values()) clearTimeout(timer)
    this.unloadTimers.clear()
    const rooms = [...this.rooms.values()]
    // Frames already received are written before the sockets are told to go.
    await Promise.all(rooms.map((room) => room.loaded.then(() => room.whenIdle())))
    for (const room of rooms) {
      for (const conn of room.connections) conn.close(code, reason)
    }
    await Promise.all([...rooms.map((room) => this.unload(room)), ...this.unloading.values()])
  }

  /** Graceful stop: every socket is told, every page written and compacted. */
  async stop(): Promise<void> {
    this.stopping = true
    clearInterval(this.pingTimer)
    await this.unloadEverything(CloseCode.goingAway, 'server is shutting down')
  }
}
