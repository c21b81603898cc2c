// The city's side of the federation: room relays it trusts (`CARNET_ROOM_TOKENS`) connect to
// `/federation` with their token; each one's link carries every page the room has open. For each
// page a room subscribes to, the link's share of the page joins the page's room here like a
// client's socket — a trusted one, whose changes the room relay has already judged — so the city's
// people and the room's write together live. The page's access record goes both ways (hashes
// only); a room's history versions taken while the link was down are stored here.
import type { IncomingMessage } from 'node:http'
import { timingSafeEqual, createHash } from 'node:crypto'
import type { Logger } from 'pino'
import type { WebSocket } from 'ws'
import { CloseCode } from '@carnet/core'
import type { PageFiles, PageHistory } from '../archive/store.js'
import { FileExchange } from './file-exchange.js'
import type { Connection } from '../relay/connection.js'
import type { Relay } from '../relay/relay.js'
import type { Room } from '../relay/room.js'
import type { LinkFrame } from './link-frames.js'
import { LinkSocket } from './link-socket.js'
import { relayMessage } from './relayed-frame.js'

interface LinkedPage {
  room: Room
  conn: Connection
  stopListening: () => void
}

export class RoomLinks {
  private readonly sessions = new Set<RoomLinkSession>()

  constructor(
    private readonly tokens: readonly string[],
    private readonly relay: Relay,
    private readonly store: Pick<PageHistory, 'saveVersion'> & PageFiles,
    private readonly log: Logger,
    private readonly heartbeatMs: number,
  ) {}

  /** A photo was added to a page here: the rooms that follow the page get it. */
  fileAdded(pageId: string, sha256: string): void {
    for (const session of this.sessions) session.fileAdded(pageId, sha256)
  }

  /** Connected room relays. */
  get count(): number {
    return this.sessions.size
  }

  /** Whether an upgrade request carries a token of a trusted room relay. */
  authorized(request: IncomingMessage): boolean {
    const header = request.headers.authorization ?? ''
    const given = header.startsWith('Bearer ') ? header.slice(7) : ''
    return given.length > 0 && this.tokens.some((token) => sameSecret(given, token))
  }

  accept(ws: WebSocket): void {
    const session = new RoomLinkSession(ws, this.relay, this.store, this.log, this.heartbeatMs, () => this.sessions.delete(session))
    this.sessions.add(session)
    this.log.info({ rooms: this.sessions.size }, 'federation: a room relay connected')
  }

  stop(): void {
    for (const session of this.sessions) session.close(CloseCode.goingAway, 'server is shutting down')
  }
}

/** Compared through hashes of equal length, in constant time. */
function sameSecret(a: string, b: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(a), digest(b))
}

class RoomLinkSession {
  private readonly pages = new Map<string, LinkedPage>()
  /** Pages whose record the room holds under another key: its frames are not taken. */
  private readonly conflicting = new Set<string>()
  private readonly socket: LinkSocket
  private readonly files: FileExchange

  constructor(
    ws: WebSocket,
    private readonly relay: Relay,
    private readonly store: Pick<PageHistory, 'saveVersion'> & PageFiles,
    private readonly log: Logger,
    heartbeatMs: number,
    ended: () => void,
  ) {
    this.socket = new LinkSocket(ws, log, (frame) => this.receive(frame), heartbeatMs)
    this.files = new FileExchange(store, (frame) => this.socket.send(frame), log)
    ws.once('close', () => {
      for (const pageId of [...this.pages.keys()]) this.unsubscribe(pageId)
      ended()
      this.log.info('federation: a room relay disconnected')
    })
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason)
  }

  fileAdded(pageId: string, sha256: string): void {
    if (this.pages.has(pageId)) void this.files.announce(pageId, [sha256])
  }

  private receive(frame: LinkFrame): void {
    switch (frame.kind) {
      case 'files-have':
      case 'files-want':
      case 'file':
      case 'file-stored':
        void this.files.receive(frame)
        return
      case 'subscribe':
        this.subscribe(frame.pageId)
        return
      case 'unsubscribe':
        this.unsubscribe(frame.pageId)
        return
      case 'page': {
        const linked = this.pages.get(frame.pageId)
        // A room whose record conflicts with this page's must move its text aside first.
        if (!linked || this.conflicting.has(frame.pageId)) return
        // Acknowledgements and states the room relay's room sends its share: nothing for ours.
        if (relayMessage(frame.frame) !== null) return
        linked.room.receive(linked.conn, frame.frame)
        return
      }
      case 'access': {
        const linked = this.pages.get(frame.pageId)
        const theirs = frame.access
        if (!linked || !theirs) return
        linked.room.receiveLinked({ link: 'access', access: theirs, side: 'city' })
        void linked.room.loaded.then(() => {
          const mine = linked.room.accessRecord
          if (mine && mine.keyHash !== theirs.keyHash) this.conflicting.add(frame.pageId)
          else this.conflicting.delete(frame.pageId)
        })
        return
      }
      case 'access-change':
        this.pages.get(frame.pageId)?.room.receiveLinked({ link: 'access-change', change: frame.change })
        return
      case 'versions':
        void this.storeVersions(frame.pageId, frame.versions)
        return
      case 'versions-stored':
        return
    }
  }

  private subscribe(pageId: string): void {
    if (this.pages.has(pageId)) return
    const conn = this.socket.pageConnection(pageId, {
      keepsLoaded: true,
      ended: (code, reason) => {
        this.log.warn({ pageId, code, reason }, 'federation: the page refused the room relay’s share')
        this.unsubscribe(pageId)
      },
    })
    const room = this.relay.attach(pageId, conn)
    if (!room) {
      this.log.warn({ pageId }, 'federation: no room for a page a room relay subscribed to (server full, stopping or restoring)')
      return
    }
    const stopListening = room.listen({ accessStored: (access) => this.socket.send({ kind: 'access', pageId, access }) })
    this.pages.set(pageId, { room, conn, stopListening })
    // The record as loaded, for the room relay to take (the city's wins).
    void room.loaded.then(() => {
      if (this.pages.get(pageId)?.room !== room || room.state !== 'ready') return
      this.socket.send({ kind: 'access', pageId, access: room.accessRecord })
      // The room gets the page's photos too (a page brought down ahead shows them offline).
      void this.files.announce(pageId)
    })
  }

  private unsubscribe(pageId: string): void {
    const linked = this.pages.get(pageId)
    if (!linked) return
    this.pages.delete(pageId)
    this.conflicting.delete(pageId)
    this.files.forget(pageId)
    linked.stopListening()
    this.relay.detach(linked.room, linked.conn)
  }

  private async storeVersions(pageId: string, versions: Parameters<PageHistory['saveVersion']>[1][]): Promise<void> {
    try {
      for (const version of versions) await this.store.saveVersion(pageId, version)
      this.socket.send({ kind: 'versions-stored', pageId, count: versions.length })
    } catch (error) {
      this.log.error({ err: error, pageId }, 'federation: could not store the room’s versions')
    }
  }
}
