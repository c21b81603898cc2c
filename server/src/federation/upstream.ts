// A room relay's link to the city's relay (`CARNET_UPSTREAM_URL`, `CARNET_UPSTREAM_TOKEN`): one
// WebSocket, kept open and opened again after every cut, carrying every page the room has in
// memory. Each page's share of it joins the page's room like a client's socket, so the room's
// people and the city's write together live while the link is up; when it is down, the room goes
// on writing together through this relay alone.
//
// Nothing is lost across cuts and crashes, because nothing is sent "once": when a page is linked,
// both rooms tell each other what they hold (state vectors) and send what the other lacks. What
// this side must remember is which pages the city may still lack — pages written here and not yet
// confirmed stored there (`LinkLedger`, in the archive, marked before the change is stored): when
// the link comes back, those pages are opened and linked until the city confirms, with the access
// changes made here meanwhile and the history versions taken while the city could not follow.
// The edit key never crosses the link: only its hash, in the page's access record, where the
// city's record wins (see access-merge.ts) — a page claimed with two keys is moved aside here.
import type { Logger } from 'pino'
import { WebSocket } from 'ws'
import { CloseCode, encodeNotice, encodeStoredQuery, newPageId, readPageMeta, type RelayFrame } from '@carnet/core'
import type { AccessChange, AccessRecords, LinkLedger, PageAccess, PageCatalogue, PageFiles, PageHistory, PageLog } from '../archive/store.js'
import { FileExchange } from './file-exchange.js'
import { pageIndexEntry } from '../archive/page-index-entry.js'
import type { Connection } from '../relay/connection.js'
import type { PageLinks, Relay } from '../relay/relay.js'
import type { Room } from '../relay/room.js'
import type { LinkFrame } from './link-frames.js'
import { LinkSocket } from './link-socket.js'
import { relayMessage } from './relayed-frame.js'
import { linkedAccessOutcome } from './access-merge.js'
import * as Y from 'yjs'

export type UpstreamStore = LinkLedger & PageLog & AccessRecords & PageHistory & Pick<PageCatalogue, 'saveMeta' | 'indexPage'> & PageFiles

export interface UpstreamOptions {
  /** The city Carnet's base URL (http(s)://…); the link goes to its `/federation`. */
  url: string
  token: string
  heartbeatMs: number
  /** How long an unloading page waits for the city to confirm what it was sent. */
  confirmTimeoutMs?: number
}

export interface UpstreamStatus {
  connected: boolean
  /** Since when the link is in its current state (ms). */
  since: number
  /** Pages whose changes the city may still lack. */
  pagesWaiting: number
  /** When the oldest of those changes was made (ms), or null. */
  oldestWaiting: number | null
  /** Pages moved aside because the city holds them under another key: old id → new id. */
  movedAside: Array<{ from: string; to: string }>
}

interface PageLink {
  conn: Connection
  /**
   * Stored-queries sent: the count of local changes made before each, and whether this room had
   * answered the city's sync request (sent its step 2) before it.
   */
  queries: Map<number, { writes: number; answered: boolean }>
  /** This room answered the city's sync request: its step 2, everything the city lacked, went. */
  answered: boolean
  /**
   * The city confirmed a query sent after that answer, with no local change since: it holds
   * everything of the page. Only then is the page no longer unsent. A confirmation of a query that
   * went before the answer (asked at once for a page unloading as the link came back) proves
   * nothing of what was written here during the cut.
   */
  proven: boolean
  ackScheduled: boolean
  /** Versions sent, not yet confirmed stored. */
  versionsSent: boolean
  /** Joined to the page's room, once the city's record was known to agree. */
  joined: boolean
}

interface OpenPage {
  room: Room
  stopListening: () => void
  /** Changes made here (not through the link) while this page was in memory. */
  localWrites: number
  /** An access change made here the city has not yet shown it holds. */
  accessChange: AccessChange | null
  link: PageLink | null
  /** Resolved when the city confirms it holds everything of the page. */
  confirmed: Array<() => void>
}

const RECONNECT_MIN_MS = 250
const RECONNECT_MAX_MS = 10_000

export class Upstream implements PageLinks {
  private relay: Relay | null = null
  private socket: LinkSocket | null = null
  private connected = false
  private since = Date.now()
  private stopped = false
  private attempts = 0
  private reconnectTimer: NodeJS.Timeout | null = null
  private readonly pages = new Map<string, OpenPage>()
  /** Pages whose changes the city may lack, with since when (mirrors the ledger). */
  private readonly unsent = new Map<string, { since: number; accessChange: AccessChange | null }>()
  private nextQuery = 1
  private readonly moved: Array<{ from: string; to: string }> = []
  /** Pages being moved aside right now. */
  private readonly moving = new Set<string>()
  private readonly listeners = new Set<(status: UpstreamStatus) => void>()
  /** The pages' photos, sent both ways like their text. */
  private readonly files: FileExchange

  constructor(
    private readonly options: UpstreamOptions,
    private readonly store: UpstreamStore,
    private readonly log: Logger,
  ) {
    this.files = new FileExchange(store, (frame) => this.socket?.send(frame), log, (pageId) => {
      const page = this.pages.get(pageId)
      if (page) void this.maybeConfirmed(pageId, page)
    })
  }

  /** A photo was added to a page here: the city gets it like a change of the page. */
  async fileAdded(pageId: string, sha256: string): Promise<void> {
    const page = this.pages.get(pageId)
    if (!this.unsent.has(pageId)) {
      const since = Date.now()
      this.unsent.set(pageId, { since, accessChange: page?.accessChange ?? null })
      await this.store.markUnsent(pageId, since)
    }
    if (page?.link?.joined) await this.files.announce(pageId, [sha256])
    else if (this.connected && !page) this.relay?.openForLink(pageId)
  }

  /** The relay whose pages go over the link (it takes this object as its `links`). */
  async start(relay: Relay): Promise<void> {
    this.relay = relay
    for (const page of await this.store.unsentPages()) this.unsent.set(page.pageId, { since: page.since, accessChange: page.accessChange })
    this.connect()
  }

  stop(): void {
    this.stopped = true
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    this.socket?.close(CloseCode.goingAway, 'room relay shutting down')
  }

  status(): UpstreamStatus {
    let oldest: number | null = null
    for (const { since } of this.unsent.values()) if (oldest === null || since < oldest) oldest = since
    return { connected: this.connected, since: this.since, pagesWaiting: this.unsent.size, oldestWaiting: oldest, movedAside: [...this.moved] }
  }

  /** Told each time the link goes up or down. */
  onStatus(listener: (status: UpstreamStatus) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Brings pages down from the city ahead of a meeting: each is opened and linked, and resolves
   * once what the city holds of it is stored here. Refused while the link is down.
   */
  async pull(pageIds: readonly string[], timeoutMs = 30_000): Promise<void> {
    if (!this.connected || !this.relay) throw new Error('the link to the city is down: pages cannot be brought down now')
    for (const pageId of pageIds) {
      const room = this.relay.openForLink(pageId)
      if (!room) throw new Error(`the page ${pageId} cannot be opened now`)
      await room.loaded
      await this.confirmed(pageId, timeoutMs)
      // What the city sent is written before the page may leave memory.
      await room.whenIdle()
    }
  }

  // --- PageLinks: told by the relay -----------------------------------------------------------

  opened(room: Room): void {
    const page: OpenPage = { room, stopListening: () => undefined, localWrites: 0, accessChange: this.unsent.get(room.pageId)?.accessChange ?? null, link: null, confirmed: [] }
    page.stopListening = room.listen({
      localWrite: () => this.localWrite(room.pageId, page),
      accessRequested: (change) => this.accessRequested(room.pageId, page, change),
      accessStored: (access) => {
        if (page.link) this.socket?.send({ kind: 'access', pageId: room.pageId, access })
      },
      accessConflict: (theirs) => void this.moveAside(room.pageId, theirs),
    })
    this.pages.set(room.pageId, page)
    if (this.connected) void this.link(room.pageId, page)
  }

  async closing(room: Room): Promise<void> {
    const page = this.pages.get(room.pageId)
    if (!page || page.room !== room) return
    // Written here and not yet confirmed there: give the city a moment to confirm.
    if (page.link && this.unsent.has(room.pageId) && !this.moving.has(room.pageId)) {
      await room.whenIdle()
      await this.confirmed(room.pageId, this.options.confirmTimeoutMs ?? 5_000).catch(() => undefined)
    }
    this.unlink(room.pageId, page, true)
    page.stopListening()
    this.pages.delete(room.pageId)
  }

  // --- The link --------------------------------------------------------------------------------

  private connect(): void {
    if (this.stopped) return
    const url = federationUrl(this.options.url)
    const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${this.options.token}` }, handshakeTimeout: 10_000 })
    ws.on('error', (error) => this.log.debug({ err: error }, 'federation: link error'))
    ws.once('unexpected-response', (_request, response) => {
      this.log.error({ status: response.statusCode }, response.statusCode === 401 ? 'federation: the city refused this room relay’s token (CARNET_UPSTREAM_TOKEN)' : 'federation: the city refused the link')
      ws.terminate()
    })
    ws.once('open', () => {
      this.attempts = 0
      this.socket = new LinkSocket(ws, this.log, (frame) => this.receive(frame), this.options.heartbeatMs)
      this.setConnected(true)
      this.log.info({ url: this.options.url }, 'federation: linked to the city')
      for (const [pageId, page] of this.pages) void this.link(pageId, page)
      // Pages written here while the city could not hear of them, and not in memory: opened to be sent.
      for (const pageId of this.unsent.keys()) if (!this.pages.has(pageId)) this.relay?.openForLink(pageId)
    })
    ws.once('close', () => {
      if (this.socket?.ws === ws) this.socket = null
      for (const [pageId, page] of this.pages) this.unlink(pageId, page, false)
      if (this.connected) {
        this.setConnected(false)
        this.log.warn('federation: cut off from the city; the room keeps writing here')
      }
      this.scheduleReconnect()
    })
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.attempts++) * (0.75 + Math.random() / 2)
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null
      this.connect()
    }, delay)
    this.reconnectTimer.unref()
  }

  private setConnected(connected: boolean): void {
    this.connected = connected
    this.since = Date.now()
    const status = this.status()
    for (const listener of this.listeners) listener(status)
  }

  /** Joins the page's share of the link to its room: both rooms then send each other what they lack. */
  private async link(pageId: string, page: OpenPage): Promise<void> {
    const socket = this.socket
    if (!socket || page.link) return
    const conn = socket.pageConnection(pageId, {
      keepsLoaded: false,
      ended: (code, reason) => {
        this.log.warn({ pageId, code, reason }, 'federation: the page let go of the link')
        this.unlink(pageId, page, true)
        // A page starting again (a claim lost, a reload) is linked again at once.
        if (code === CloseCode.serviceRestart && this.pages.get(pageId) === page) void this.link(pageId, page)
      },
      sent: (frame) => this.sentToCity(pageId, page, frame),
    })
    page.link = { conn, queries: new Map(), ackScheduled: false, versionsSent: false, joined: false, answered: false, proven: false }
    socket.send({ kind: 'subscribe', pageId })
    await page.room.loaded
    if (page.link?.conn !== conn || page.room.state !== 'ready') return
    const record = page.room.accessRecord
    if (record) socket.send({ kind: 'access', pageId, access: record })
    if (page.accessChange) socket.send({ kind: 'access-change', pageId, change: page.accessChange })
    // The page's text goes over only once the city's record is known to agree (see cityRecord).
  }

  /**
   * The city's record of a page, which it sends first: the same claim (or none on either side) and
   * the two rooms exchange what they hold; another key, and this room's text is moved aside before
   * any of it reaches the city's page.
   */
  private async cityRecord(pageId: string, page: OpenPage, theirs: PageAccess | null): Promise<void> {
    const link = page.link
    if (!link) return
    if (theirs && linkedAccessOutcome(page.room.accessRecord, theirs, 'room') === 'conflict') {
      void this.moveAside(pageId, theirs)
      return
    }
    if (theirs) page.room.receiveLinked({ link: 'access', access: theirs, side: 'room' })
    if (link.joined) return
    link.joined = true
    page.room.join(link.conn)
    this.askConfirmation(pageId, page)
    await this.files.announce(pageId)
    await this.sendVersions(pageId, page)
  }

  private unlink(pageId: string, page: OpenPage, tellCity: boolean): void {
    const link = page.link
    if (!link) return
    page.link = null
    this.files.forget(pageId)
    link.conn.ended()
    if (link.joined) page.room.leave(link.conn)
    if (tellCity) this.socket?.send({ kind: 'unsubscribe', pageId })
  }

  private receive(frame: LinkFrame): void {
    if (frame.kind === 'files-have' || frame.kind === 'files-want' || frame.kind === 'file' || frame.kind === 'file-stored') {
      void this.files.receive(frame)
      return
    }
    const page = this.pages.get(frame.pageId)
    if (!page?.link) return
    switch (frame.kind) {
      case 'page': {
        const message = relayMessage(frame.frame)
        if (message === null) page.room.receive(page.link.conn, frame.frame)
        else if (message !== 'other-relay-message') this.fromCityRoom(frame.pageId, page, message)
        return
      }
      case 'access':
        void this.cityRecord(frame.pageId, page, frame.access)
        if (!frame.access) return
        if (page.accessChange && Object.entries(page.accessChange).every(([flag, value]) => frame.access![flag as keyof AccessChange] === value)) {
          page.accessChange = null
          void this.maybeConfirmed(frame.pageId, page)
        }
        return
      case 'versions-stored':
        if (page.link) page.link.versionsSent = false
        void this.maybeConfirmed(frame.pageId, page)
        return
      default:
        return
    }
  }

  /** What the city's room tells its share of the page, as it would a client: its confirmations. */
  private fromCityRoom(pageId: string, page: OpenPage, message: RelayFrame): void {
    if (message.kind !== 'stored' || !page.link) return
    const asked = page.link.queries.get(message.seq)
    const writesThen = asked?.writes
    if (asked?.answered && writesThen === page.localWrites) page.link.proven = true
    for (const seq of page.link.queries.keys()) if (seq <= message.seq) page.link.queries.delete(seq)
    if (writesThen === page.localWrites) void this.maybeConfirmed(pageId, page)
  }

  /** After this room sent the city changes, asks it to confirm once they are stored. */
  private sentToCity(pageId: string, page: OpenPage, frame: Uint8Array): void {
    const link = page.link
    if (link && frame[0] === 0 && frame[1] === 1) link.answered = true
    // Sync step 2 and updates (message type 0, sub-types 1 and 2).
    if (!link || link.ackScheduled || frame[0] !== 0 || (frame[1] !== 1 && frame[1] !== 2)) return
    link.ackScheduled = true
    setImmediate(() => {
      link.ackScheduled = false
      if (page.link !== link) return
      const seq = this.nextQuery++
      link.queries.set(seq, { writes: page.localWrites, answered: link.answered })
      this.socket?.send({ kind: 'page', pageId, frame: encodeStoredQuery(seq) })
    })
  }

  private async maybeConfirmed(pageId: string, page: OpenPage): Promise<void> {
    if (!page.link || page.accessChange || page.link.versionsSent || page.link.queries.size > 0 || this.files.pending(pageId) > 0) return
    if (page.link.proven && this.unsent.delete(pageId)) {
      try {
        await this.store.clearUnsent(pageId)
      } catch (error) {
        this.log.warn({ err: error, pageId }, 'federation: could not note a page as sent')
      }
    }
    for (const resolve of page.confirmed.splice(0)) resolve()
  }

  /** Resolves once the city confirms it holds everything of the page (rejects after `timeoutMs`). */
  private confirmed(pageId: string, timeoutMs: number): Promise<void> {
    const page = this.pages.get(pageId)
    if (!page) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the city did not confirm ${pageId} within ${timeoutMs} ms`)), timeoutMs)
      timer.unref()
      page.confirmed.push(() => {
        clearTimeout(timer)
        resolve()
      })
      // Nothing to send, and already joined: confirmed as soon as a query comes back (a page not
      // joined yet asks once it is).
      this.askConfirmation(pageId, page)
    })
  }

  /** Asks the city to confirm what it holds, when someone waits for it and nothing else will ask. */
  private askConfirmation(pageId: string, page: OpenPage): void {
    const link = page.link
    if (page.confirmed.length === 0 || !link?.joined || link.ackScheduled || link.queries.size > 0) return
    this.sentToCity(pageId, page, new Uint8Array([0, 2]))
  }

  private async localWrite(pageId: string, page: OpenPage): Promise<void> {
    page.localWrites++
    if (page.link) page.link.proven = false
    if (this.unsent.has(pageId)) return
    const since = Date.now()
    this.unsent.set(pageId, { since, accessChange: page.accessChange })
    // Before the change is stored: a crash right after still finds the page to send.
    await this.store.markUnsent(pageId, since)
  }

  private accessRequested(pageId: string, page: OpenPage, change: AccessChange): void {
    page.accessChange = { ...page.accessChange, ...change }
    const since = this.unsent.get(pageId)?.since ?? Date.now()
    this.unsent.set(pageId, { since, accessChange: page.accessChange })
    void this.store.addUnsentAccessChange(pageId, change, since).catch((error: unknown) => this.log.warn({ err: error, pageId }, 'federation: could not note an access change to send'))
    if (page.link) this.socket?.send({ kind: 'access-change', pageId, change })
  }

  /** History versions taken here since the city last had all of the page. */
  private async sendVersions(pageId: string, page: OpenPage): Promise<void> {
    const waiting = this.unsent.get(pageId)
    if (!waiting || !page.link) return
    const infos = (await this.store.listVersions(pageId)).filter((info) => info.createdAt >= waiting.since)
    if (infos.length === 0 || !page.link) return
    const versions = []
    for (const info of infos.reverse()) {
      const version = await this.store.loadVersion(pageId, info.id)
      if (version) versions.push({ state: version.state, createdAt: version.createdAt, writers: version.writers })
    }
    if (!page.link) return
    page.link.versionsSent = true
    this.socket?.send({ kind: 'versions', pageId, versions })
  }

  /**
   * The city holds the page under another key: what was written here is kept under a new page id
   * (claimed with this room's key, sent to the city in its turn), the people here are told where,
   * and the page id takes the city's page.
   */
  private async moveAside(pageId: string, theirs: PageAccess): Promise<void> {
    const relay = this.relay
    const page = this.pages.get(pageId)
    if (!relay || !page || this.moving.has(pageId)) return
    this.moving.add(pageId)
    const mine = page.room.accessRecord
    const to = newPageId(pageId.slice(0, 40))
    this.log.warn({ pageId, movedTo: to }, 'federation: the city holds this page under another key; moving the room’s text aside')
    await relay.withPageEvicted(
      pageId,
      (conn) => conn.sendCarnet(encodeNotice({ code: 'moved-aside', message: 'the city holds this page under another key: what was written here is kept under a new page id', movedTo: to })),
      async () => {
        const stored = await this.store.loadPage(pageId)
        const doc = new Y.Doc()
        if (stored?.snapshot) Y.applyUpdate(doc, stored.snapshot)
        for (const update of stored?.updates ?? []) Y.applyUpdate(doc, update)
        const since = Date.now()
        await this.store.markUnsent(to, since)
        this.unsent.set(to, { since, accessChange: null })
        await this.store.appendUpdates(to, [Y.encodeStateAsUpdate(doc)], since)
        if (mine) await this.store.claimAccess(to, mine)
        await this.store.saveMeta(to, readPageMeta(doc))
        await this.store.indexPage(to, pageIndexEntry(doc))
        for (const info of (await this.store.listVersions(pageId)).reverse()) {
          const version = await this.store.loadVersion(pageId, info.id)
          if (version) await this.store.saveVersion(to, { state: version.state, createdAt: version.createdAt, writers: version.writers })
        }
        await this.store.removePage(pageId)
        // The page id is the city's now: its record holds here before anyone comes back.
        await this.store.claimAccess(pageId, theirs)
        this.unsent.delete(pageId)
        doc.destroy()
        this.moved.push({ from: pageId, to })
      },
    ).finally(() => this.moving.delete(pageId))
    // The new page goes to the city like any page written here.
    if (this.connected) relay.openForLink(to)
  }
}

/** `ws(s)://host/…/federation` from the city's base URL. */
export function federationUrl(base: string): string {
  const url = new URL(base)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/federation`
  url.search = ''
  return url.toString()
}
