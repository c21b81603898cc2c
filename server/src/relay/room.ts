// One page held in memory while people are on it: its Y.Doc, its sockets, and the one rule the
// relay keeps everywhere — group, write, then emit.
//
// Every frame from a socket goes through the room's inbox and is handled in order, in groups: the
// frames that arrived during one turn of the event loop, 64 KiB of them at most (or one larger
// frame), so that a burst of large frames never holds up the other pages for long. A group's changes
// are written to the archive in one transaction, and only then does anything leave the room: the
// updates broadcast to the other sockets, sync replies, acknowledgements. So nothing anyone
// receives is missing from the archive, and a `kill -9` at any moment loses nothing that was seen.
// If the write fails, the room drops the group's changes (its document is reloaded from the
// archive) and closes the sockets that sent them: their clients still hold the text and send it
// again when they reconnect.
//
// What rides on that loop lives beside it, each part adding to the same group (group.ts): who may
// write (room-access.ts), who is here (room-awareness.ts), the rooms of the same page in the other
// relay processes (peer-link.ts: their committed changes are applied, never stored again). Two
// helpers follow the committed changes without slowing them: the search indexer and the history
// recorder. With several processes, the store is compacted from what it holds, under a lease,
// since this document may lack rows another process has just committed.
import * as Y from 'yjs'
import type { Logger } from 'pino'
import {
  CloseCode,
  encodeAccess,
  encodeAwareness,
  encodeLinkState,
  encodeStored,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  FrameError,
  META_MAP,
  parseClientFrame,
  readPageMeta,
  writePageMeta,
  type ClientFrame,
  type LinkState,
} from '@carnet/core'
import type { AccessChange, AccessRecords, PageAccess, PageCatalogue, PageHistory, PageLog, StoredPage } from '../archive/store.js'
import { applyStoredPage, storedBytes } from '../archive/stored-page.js'
import { linkedAccessOutcome, type FederationSide } from '../federation/access-merge.js'
import type { Fanout } from '../cluster/fanout.js'
import type { RelayMetrics } from '../observability/metrics.js'
import type { CommittedPage, RoomState } from './committed-page.js'
import type { Connection } from './connection.js'
import { Group, type Output, type Write } from './group.js'
import { HistoryRecorder } from './history-recorder.js'
import { PeerLink, type PeerEvent } from './peer-link.js'
import type { RecentPresences } from './recent-presences.js'
import { bringsNothing, DeletedRanges, isRedundantUpdate } from './redundant-update.js'
import { RoomAccess } from './room-access.js'
import { RoomAwareness, type AwarenessChange } from './room-awareness.js'
import { SearchIndexer } from './search-indexer.js'
import { checkUpdate, type DecodedUpdate } from './update-check.js'
import { checkUpdateShape } from './update-shape.js'

export type { RoomState } from './committed-page.js'

/** What a room needs of the archive. */
export type RoomStore = PageLog & AccessRecords & Pick<PageCatalogue, 'saveMeta' | 'indexPage'> & PageHistory

export interface RoomOptions {
  /** Fold the update log into a snapshot once it holds this many updates. */
  compactAfterUpdates: number
  /** Refuse updates once the page's stored size passes this many bytes. */
  maxPageBytes: number
  /** Save a version of the page at most this often while it is being edited. */
  historyIntervalMs: number
  metrics: RelayMetrics
  /** The other relay processes sharing the archive, if any. */
  fanout: Fanout
  /** Who held each presence recently, on every page (outlives this room). */
  presences: RecentPresences
  /** A room relay's link to the city, told to Carnet clients when they join. */
  linkState?: () => LinkState
}

/** Origin of changes read back from the archive: they are not written again. */
const FROM_ARCHIVE = Symbol('archive')
/** Origin of changes the relay itself makes (the closed flag in `meta`). */
const FROM_RELAY = Symbol('relay')
/** Origin of changes from another relay process: already stored, not published again. */
const FROM_PEER = Symbol('peer')
/** Frames handled in one turn of the event loop, in bytes (see the header). */
const GROUP_BYTES = 64 * 1024
/** A stored page this large is worth answering newcomers from before it is rebuilt (~10 ms). */
const EARLY_ANSWER_BYTES = 32 * 1024

/** A compacted page, one snapshot and no log after it: a sync reply exactly as it lies. */
function answerableFromStore(stored: StoredPage | null): stored is StoredPage & { snapshot: Uint8Array } {
  return stored !== null && stored.snapshot !== null && stored.updates.length === 0
}

/** After the sockets have been read once more (setImmediate runs after this turn's reads). */
function nextTurnOfTheLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)))
}

interface Inbound {
  from: Connection
  data: Uint8Array | 'hello'
}

/** From a linked relay (see federation/), applied in order with the frames. */
type LinkEvent =
  /** The record the other side holds; `side` is this relay's (see federation/access-merge.ts). */
  | { link: 'access'; access: PageAccess; side: FederationSide }
  | { link: 'access-change'; change: AccessChange }

/** What a federation link hears of a room (see federation/). */
export interface RoomListener {
  /** The access record as stored, after a claim or a change from anywhere. */
  accessStored?(access: PageAccess): void
  /** A key holder on this side closed, reopened or opened the page to all. */
  accessRequested?(change: AccessChange): void
  /** Changes not from a linked relay are about to be stored (awaited before they are). */
  localWrite?(): Promise<void> | void
  /** The city holds the page claimed with another key (told to the room's side). */
  accessConflict?(theirs: PageAccess): void
}

type Message = Inbound | PeerEvent | LinkEvent

export class Room implements CommittedPage {
  state: RoomState = 'loading'
  doc = new Y.Doc()
  readonly connections = new Set<Connection>()
  readonly presence: RoomAwareness
  /** Resolves once the page is loaded (or has failed to load). */
  readonly loaded: Promise<void>

  private readonly group = new Group()
  private readonly access: RoomAccess
  private readonly peers: PeerLink
  private readonly history: HistoryRecorder
  private readonly search: SearchIndexer
  private inbox: Message[] = []
  private readonly listeners = new Set<RoomListener>()
  private pumping = false
  private pumpScheduled = false
  private idle: Promise<void> = Promise.resolve()
  private settleIdle: (() => void) | null = null
  /** What the archive holds of the page: its last sequence number, log length and size. */
  private lastSeq = 0
  private logLength = 0
  private storedBytes = 0
  private metaDirty = false
  /** The document's deleted ranges, while it does not change (for readers' syncs). */
  private deleted: DeletedRanges | null = null
  private readonly deletedRanges = (): DeletedRanges => (this.deleted ??= new DeletedRanges(this.doc))
  /** Newcomers sent the page as stored while it loaded, and what they were sent (a state vector). */
  private readonly servedFromStore = new WeakMap<Connection, Uint8Array>()

  constructor(
    readonly pageId: string,
    private readonly store: RoomStore,
    private readonly options: RoomOptions,
    private readonly log: Logger,
    /** Waited for before loading: the previous room of the same page finishing its unload. */
    previous: Promise<void> = Promise.resolve(),
  ) {
    this.presence = new RoomAwareness(pageId, options.presences, this.onPresenceChange)
    this.access = new RoomAccess(pageId, store, this.connections, this.group, log)
    this.peers = new PeerLink(pageId, options.fanout, store, this.linkedRoom, log)
    this.history = new HistoryRecorder(pageId, store, this, options.historyIntervalMs, log, options.metrics)
    this.search = new SearchIndexer(pageId, store, this, log, options.metrics)
    this.loaded = previous.then(() => this.load())
  }

  /** Connections that keep the page in memory: every client's socket, and a city's room links. */
  get size(): number {
    let count = 0
    for (const conn of this.connections) if (conn.keepsLoaded) count++
    return count
  }

  /** Who may write the page, as this room holds it (null: nobody has claimed it). */
  get accessRecord(): PageAccess | null {
    return this.access.current
  }

  listen(listener: RoomListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** A linked relay's record or change of the page's access (see federation/access-merge.ts). */
  receiveLinked(event: LinkEvent): void {
    if (this.state === 'failed' || this.state === 'closed') return
    this.inbox.push(event)
    this.schedulePump()
  }

  join(conn: Connection): void {
    this.connections.add(conn)
    this.receive(conn, 'hello')
  }

  /** Removes a socket; its awareness states go with it. */
  leave(conn: Connection): void {
    if (!this.connections.delete(conn)) return
    // Before its presences go: the history credits them to the version it was writing.
    this.history.left(conn)
    this.presence.left(conn)
  }

  receive(from: Connection, data: Uint8Array | 'hello'): void {
    if (this.state === 'failed' || this.state === 'closed') return
    this.inbox.push({ from, data })
    this.schedulePump()
  }

  whenIdle(): Promise<void> {
    if (!this.pumping && !this.pumpScheduled && this.inbox.length === 0) return Promise.resolve()
    if (!this.settleIdle) this.idle = new Promise((resolve) => (this.settleIdle = resolve))
    return this.idle
  }

  private async load(): Promise<void> {
    try {
      // Joined first: what other processes commit after the read below reaches this room.
      await this.peers.join()
      const [stored, access] = await Promise.all([this.store.loadPage(this.pageId), this.store.getAccess(this.pageId)])
      // A large page takes a while to rebuild: first let the requests of those who just came in
      // arrive (the socket is read in the event loop's next turn), and answer them from the store.
      if (answerableFromStore(stored) && stored.snapshot.length >= EARLY_ANSWER_BYTES) await nextTurnOfTheLoop()
      const served = this.answerNewcomersFromStore(stored)
      this.access.loaded(access)
      this.useStored(stored)
      if (served.length > 0) {
        const stateVector = Y.encodeStateVector(this.doc)
        for (const conn of served) this.servedFromStore.set(conn, stateVector)
      }
      this.state = 'ready'
      this.history.start()
      this.peers.queryPresence()
      this.schedulePump()
    } catch (error) {
      this.state = 'failed'
      this.options.metrics.error('page-load')
      this.log.error({ err: error, pageId: this.pageId }, 'page failed to load')
      for (const conn of this.connections) conn.close(CloseCode.pageLoadFailed, 'page could not be loaded from the archive')
      this.inbox = []
      this.peers.leave()
    }
  }

  /**
   * Those who came with nothing (an empty state vector) get the page as stored at once, before it
   * is rebuilt here: on a large page, rebuilding takes as long as the newcomer's own reading of it,
   * and the two then happen side by side instead of one after the other. Only a compacted page —
   * one stored snapshot — can be sent as one sync reply as it lies; it is stored, so nothing leaves
   * the room before it is. Anyone with the page's address may read it: rights change nothing here.
   * Their request is still answered in turn, with only what they lack by then (see `handle`).
   */
  private answerNewcomersFromStore(stored: StoredPage | null): Connection[] {
    if (!answerableFromStore(stored)) return []
    const served: Connection[] = []
    const seen = new Set<Connection>()
    for (const message of this.inbox) {
      if (!('data' in message) || message.data === 'hello' || seen.has(message.from)) continue
      const { from, data } = message
      let frame: ClientFrame
      try {
        frame = parseClientFrame(data)
      } catch {
        continue
      }
      if (frame.kind !== 'sync-step1') continue
      // Only its first request: a later one follows its own changes.
      seen.add(from)
      if (from.trusted || from.rejected || Y.decodeStateVector(frame.stateVector).size > 0) continue
      from.send(encodeSyncStep2(stored.snapshot))
      served.push(from)
    }
    return served
  }

  /** Takes a fresh document rebuilt from what the archive holds. */
  private useStored(stored: StoredPage | null): void {
    const doc = new Y.Doc()
    if (stored) {
      applyStoredPage(stored, doc, FROM_ARCHIVE)
      this.lastSeq = stored.lastSeq
      this.logLength = stored.updates.length
      this.storedBytes = storedBytes(stored)
    }
    this.deleted = null
    this.doc.off('update', this.onDocUpdate)
    this.doc = doc
    doc.on('update', this.onDocUpdate)
    doc.getMap(META_MAP).observe(() => {
      this.metaDirty = true
    })
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.deleted = null
    if (origin === FROM_ARCHIVE) return
    if (origin === FROM_PEER) {
      // Only what this document lacked: the part of the peer's update that is news here.
      this.group.outputs.push({ kind: 'peer-update', update })
      return
    }
    this.group.writes.push({ update, from: origin === FROM_RELAY ? null : (origin as Connection) })
  }

  private readonly linkedRoom = {
    receivePeer: (event: PeerEvent) => {
      if (this.state === 'failed' || this.state === 'closed') return
      this.inbox.push(event)
      this.schedulePump()
    },
    accessChangedElsewhere: (access: PageAccess) => this.access.changedElsewhere(access, (record) => this.linkedRoom.receivePeer({ peer: 'access', access: record })),
    presenceFromPeer: (update: Uint8Array) => {
      if (this.state === 'loading' || this.state === 'ready') this.presence.receivePeer(update)
    },
    presenceHeldHere: () => this.presence.encodeHeldHere(),
    missingChanges: () => this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null,
    isReady: () => this.state === 'ready',
  }

  private readonly onPresenceChange = ({ update, origin }: AwarenessChange): void => {
    if (origin !== 'peer') this.peers.publishPresence(update)
    const data = encodeAwareness(update)
    // A socket leaving is handled outside the pump: tell the others at once.
    if (this.pumping) this.group.outputs.push({ kind: 'presence', data })
    else this.sendPresence(data)
  }

  private sendPresence(data: Uint8Array): void {
    for (const conn of this.connections) conn.sendPresence(data, this.wholePresence)
  }

  /** Every presence on the page, as one message. */
  private readonly wholePresence = (): Uint8Array => encodeAwareness(this.presence.encodeAll())

  private schedulePump(): void {
    if (this.state !== 'ready' || this.pumping || this.pumpScheduled || this.inbox.length === 0) return
    this.pumpScheduled = true
    // setImmediate, not a microtask: frames from every socket that arrived in this turn of the
    // event loop share one transaction.
    setImmediate(() => {
      this.pumpScheduled = false
      this.pump().catch((error: unknown) => this.failUnexpectedly(error))
    })
  }

  private async pump(): Promise<void> {
    if (this.pumping || this.state !== 'ready') return
    this.pumping = true
    try {
      while (this.inbox.length > 0 && this.state === 'ready') {
        const group = this.takeGroup()
        let handled = 0
        let aborted = false
        for (const message of group) {
          handled++
          try {
            this.handle(message)
          } catch (error) {
            // A frame that breaks the relay in a way nobody foresaw is treated like an update that
            // cannot be integrated: its socket is closed, the page starts again from the archive.
            if (!(error instanceof GroupAbort)) this.refuseUnexpected(message, error)
            aborted = true
            break
          }
        }
        if (aborted) this.inbox = [...group.slice(handled), ...this.inbox]
        await this.commit()
        // The document may hold half of an update that could not be integrated: start again from
        // the archive, which holds exactly the committed changes.
        if (aborted) await this.reload()
        // The rest waits for the next turn: the event loop serves everyone else in between.
        if (this.inbox.length > 0) break
      }
      await this.maybeCompact()
    } finally {
      this.pumping = false
      if (this.state !== 'ready') this.inbox = []
      if (this.inbox.length > 0) this.schedulePump()
      else {
        this.settleIdle?.()
        this.settleIdle = null
      }
    }
  }

  /** The frames of the next group: all those waiting, or at least one and about GROUP_BYTES of them. */
  private takeGroup(): Message[] {
    let bytes = 0
    let count = 0
    for (const message of this.inbox) {
      count++
      if ('data' in message && message.data !== 'hello') bytes += message.data.length
      if (bytes >= GROUP_BYTES) break
    }
    return this.inbox.splice(0, count)
  }

  private handle(message: Message): void {
    if ('peer' in message) {
      this.applyPeer(message)
      return
    }
    if ('link' in message) {
      if (message.link === 'access-change') this.access.changeLinked(message.change)
      else {
        const outcome = linkedAccessOutcome(this.access.current, message.access, message.side)
        if (outcome === 'take') this.access.takeLinked(message.access)
        if (outcome === 'conflict') for (const listener of this.listeners) listener.accessConflict?.(message.access)
      }
      this.keepClosedFlagInMeta()
      return
    }
    const { from, data } = message
    if (from.rejected) return
    if (data === 'hello') {
      this.access.welcome(from)
      this.group.outputs.push({ kind: 'hello', to: from })
      return
    }
    let frame: ClientFrame
    try {
      frame = parseClientFrame(data)
    } catch (error) {
      this.options.metrics.error('malformed-message')
      from.close(CloseCode.malformedMessage, `malformed message: ${error instanceof FrameError ? error.message : 'malformed message'}`)
      return
    }
    switch (frame.kind) {
      case 'sync-step1': {
        // Already sent the page as stored (see answerNewcomersFromStore): only what came since.
        const served = this.servedFromStore.get(from)
        this.servedFromStore.delete(from)
        if (this.costlyRequestAllowed(from)) this.group.outputs.push({ kind: 'sync-reply', to: from, stateVector: served ?? frame.stateVector })
        return
      }
      case 'sync-update':
        this.applyUpdate(from, frame.update)
        return
      case 'awareness':
        this.receiveAwareness(from, frame.update)
        return
      case 'query-awareness':
        if (this.costlyRequestAllowed(from)) this.group.send(from, this.wholePresence())
        return
      case 'stored-query':
        // Answered after this group is committed, so it covers everything the client sent before.
        // A client whose changes were refused is never told they are stored: they are not.
        if (!from.refusedWrites) this.group.send(from, encodeStored(frame.seq))
        return
      case 'access-request': {
        const closed = this.access.request(from, frame.request)
        if (closed === null) return
        const request = frame.request
        const change: AccessChange = request.action === 'open-to-all' ? { openToAll: request.open } : { closed: request.action === 'close' }
        for (const listener of this.listeners) listener.accessRequested?.(change)
        this.keepClosedFlagInMeta()
        return
      }
      case 'auth':
        return
    }
  }

  /** The closed flag also lives in the page's meta, so readers and exports see it. */
  private keepClosedFlagInMeta(): void {
    const closed = this.access.current?.closed ?? false
    if (readPageMeta(this.doc).closed === closed) return
    const writesBefore = this.group.writes.length
    writePageMeta(this.doc, { closed }, FROM_RELAY)
    this.group.broadcastWritesSince(writesBefore, null)
  }

  /** A whole sync or everyone's presence costs work in proportion to the page: a few, then slowly. */
  private costlyRequestAllowed(from: Connection): boolean {
    if (from.trusted || from.budget.takeCostlyRequest(performance.now())) return true
    this.options.metrics.error('rate-limit')
    from.close(CloseCode.tooManyMessages, 'too many sync requests: a client asks for the whole page when it connects')
    return false
  }

  /** Applies what a socket announces of its own presence, never another's (see room-awareness). */
  private receiveAwareness(from: Connection, update: Uint8Array): void {
    const refusal = this.presence.receive(from, update)
    if (!refusal) return
    this.options.metrics.error(refusal.kind === 'limit' ? 'awareness-limit' : 'malformed-message')
    from.close(CloseCode.malformedMessage, `malformed message: ${refusal.reason}`)
  }

  private applyUpdate(from: Connection, update: Uint8Array): void {
    if (!from.rights.canWrite) {
      let redundant = false
      try {
        redundant = isRedundantUpdate(this.doc, update, this.deletedRanges)
      } catch {
        from.close(CloseCode.malformedMessage, 'malformed message: invalid Yjs update')
        return
      }
      // A reader's sync brings nothing new: nothing to refuse.
      if (!redundant) this.access.refuseWrite(from)
      return
    }
    if (this.storedBytes + update.length > this.options.maxPageBytes) {
      this.options.metrics.error('page-too-large')
      from.close(CloseCode.pageTooLarge, `page too large: the limit is ${this.options.maxPageBytes} bytes`)
      return
    }
    let decoded: DecodedUpdate
    try {
      // Parse fully first: a truncated, garbage or absurd update is refused before it touches the page.
      decoded = checkUpdate(update)
    } catch (error) {
      this.options.metrics.error('malformed-message')
      from.close(CloseCode.malformedMessage, `malformed message: ${(error as Error).message}`)
      return
    }
    // Then its shape: a page nested thousands deep would make every later walk over it explode.
    const problem = checkUpdateShape(this.doc, decoded, update)
    if (problem) {
      this.options.metrics.error('page-shape')
      this.log.warn({ pageId: this.pageId, conn: from.id, problem: problem.kind }, 'update refused for its shape')
      from.close(CloseCode.malformedMessage, `malformed message: ${problem.reason}`)
      return
    }
    // A sync that brings nothing new (a client sending back the page's own deletions): nothing to
    // apply, and applying it would walk every range again.
    if (decoded.structs.length === 0 && bringsNothing(this.doc, decoded, this.deletedRanges)) return
    const writesBefore = this.group.writes.length
    try {
      Y.applyUpdate(this.doc, update, from)
    } catch (error) {
      // Some updates parse but cannot be integrated, and may leave the document half-changed:
      // keep what came before in the group, drop this one, and reload the page from the archive.
      this.group.writes.length = writesBefore
      from.close(CloseCode.malformedMessage, 'malformed message: update could not be applied')
      this.log.warn({ err: error, pageId: this.pageId, conn: from.id }, 'update could not be applied')
      throw new GroupAbort()
    }
    if (this.linkedRoom.missingChanges() && this.group.writes.length === writesBefore) {
      // Parts of the update wait for changes the relay has not seen: keep the update as it came,
      // so it is integrated when they arrive, even after a restart.
      this.group.writes.push({ update, from })
    }
    if (this.group.writes.length > writesBefore) this.access.claimByFirstWrite(from)
    this.group.broadcastWritesSince(writesBefore, from)
  }

  /** Applies what another process committed; nothing of it is written again. */
  private applyPeer(event: PeerEvent): void {
    if (event.peer === 'access') {
      this.access.adopt(event.access)
      return
    }
    try {
      if (event.peer === 'updates') {
        // One at a time, as the updates of this room's own sockets: each goes out as it came (a
        // merged update would hold many keystrokes in one message).
        for (const update of event.updates) Y.applyUpdate(this.doc, update, FROM_PEER)
        // They are rows of the log too: they count towards the next compaction.
        this.logLength += event.updates.length
        this.storedBytes += storedBytes({ snapshot: null, updates: event.updates })
        this.peers.fillGapSoon()
        return
      }
      this.access.adopt(event.access)
      if (event.stored) applyStoredPage(event.stored, this.doc, FROM_PEER)
    } catch (error) {
      // The archive holds what the peer committed: start again from it.
      this.log.warn({ err: error, pageId: this.pageId }, 'could not apply changes from another process')
      throw new GroupAbort()
    }
  }

  /** Writes the group's changes, then lets its outputs out; on failure, drops them. */
  private async commit(): Promise<void> {
    // First: a claim found taken changes the rights this group was judged with.
    const claim = await this.access.save((access) => {
      this.peers.publishAccess(access)
      for (const listener of this.listeners) listener.accessStored?.(access)
    })
    const { writes, outputs } = this.group.take()
    if (claim === 'lost') {
      await this.dropClaimedGroup(writes)
      this.emit(outputs.filter((output) => output.kind !== 'update'))
      return
    }
    if (writes.length > 0) {
      const { metrics } = this.options
      if (this.listeners.size > 0 && writes.some((w) => !w.from?.trusted)) {
        await Promise.all([...this.listeners].map((listener) => listener.localWrite?.()))
      }
      const started = performance.now()
      try {
        this.lastSeq = await this.store.appendUpdates(
          this.pageId,
          writes.map((w) => w.update),
          Date.now(),
        )
        const bytes = storedBytes({ snapshot: null, updates: writes.map((w) => w.update) })
        metrics.storeLatency.observe((performance.now() - started) / 1000)
        metrics.stored()
        metrics.updates.inc(writes.length)
        metrics.updateBytes.inc(bytes)
        this.logLength += writes.length
        this.storedBytes += bytes
        this.peers.publishUpdates(writes.map((w) => w.update))
        this.history.wrote(writes.map((w) => w.from))
        this.search.changed()
      } catch (error) {
        await this.dropUnstored(writes, error)
        this.emit(outputs.filter((output) => output.kind !== 'update'))
        return
      }
    }
    this.emit(outputs)
    if (this.metaDirty) await this.saveMeta()
  }

  /**
   * Another connection claimed the page first: this group's changes were accepted under rights
   * that do not hold, so none is stored. Their senders reconnect (1012, not an error): those who
   * may write send them again with their sync, the others are refused with a reason.
   */
  private async dropClaimedGroup(writes: Write[]): Promise<void> {
    this.log.info({ pageId: this.pageId, updates: writes.length }, 'page claimed at the same moment elsewhere: group dropped')
    for (const conn of new Set(writes.map((w) => w.from))) {
      conn?.close(CloseCode.serviceRestart, 'the page was claimed at the same moment through another server: reconnecting')
    }
    if (writes.length > 0) await this.reload()
  }

  private async dropUnstored(writes: Write[], error: unknown): Promise<void> {
    this.options.metrics.error('store-append')
    this.log.error({ err: error, pageId: this.pageId, updates: writes.length }, 'could not store updates')
    for (const conn of new Set(writes.map((w) => w.from))) {
      conn?.close(CloseCode.storageUnavailable, 'storage unavailable: your changes are kept on your device, retry later')
    }
    await this.reload()
  }

  /** Replaces the in-memory document by the archive's copy (after a failed write). */
  private async reload(): Promise<void> {
    try {
      this.useStored(await this.store.loadPage(this.pageId))
    } catch (error) {
      this.state = 'failed'
      this.log.error({ err: error, pageId: this.pageId }, 'page failed to reload')
      for (const conn of this.connections) conn.close(CloseCode.pageLoadFailed, 'page could not be loaded from the archive')
    }
  }

  /** Closes the socket of a frame that raised an unforeseen error, and says so in the log. */
  private refuseUnexpected(message: Message, error: unknown): void {
    this.options.metrics.error('malformed-message')
    const from = 'from' in message ? message.from : null
    this.log.error({ err: error, pageId: this.pageId, conn: from?.id }, 'frame could not be handled')
    from?.close(CloseCode.malformedMessage, 'malformed message: could not be handled')
  }

  /** Last resort: a room whose pump failed closes its sockets and is reloaded by the next one. */
  private failUnexpectedly(error: unknown): void {
    this.log.error({ err: error, pageId: this.pageId }, 'page failed')
    this.state = 'failed'
    this.inbox = []
    for (const conn of this.connections) conn.close(CloseCode.pageLoadFailed, 'the page hit an error on the server: reconnecting')
  }

  private emit(outputs: Output[]): void {
    for (const output of outputs) {
      try {
        this.emitOne(output)
      } catch (error) {
        // One reply that cannot be made must not keep the others from going out.
        const to = 'to' in output ? output.to : null
        this.log.error({ err: error, pageId: this.pageId, conn: to?.id, output: output.kind }, 'could not send')
        to?.close(CloseCode.malformedMessage, 'malformed message: could not be answered')
      }
    }
  }

  private emitOne(output: Output): void {
    switch (output.kind) {
      case 'send':
        output.to.send(output.data)
        break
      case 'presence':
        this.sendPresence(output.data)
        break
      case 'update': {
        const data = encodeSyncUpdate(output.update)
        for (const conn of this.connections) if (conn !== output.from) conn.send(data)
        break
      }
      case 'peer-update': {
        const data = encodeSyncUpdate(output.update)
        for (const conn of this.connections) conn.send(data)
        break
      }
      case 'sync-reply':
        // Computed now, not when the request came: now the document holds exactly what is stored.
        output.to.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, output.stateVector)))
        break
      case 'hello':
        output.to.sendCarnet(encodeAccess(output.to.rights))
        if (this.options.linkState && !output.to.trusted) output.to.sendCarnet(encodeLinkState(this.options.linkState()))
        output.to.send(encodeSyncStep1(Y.encodeStateVector(this.doc)))
        if (this.presence.size > 0) output.to.send(this.wholePresence())
        break
    }
  }

  private async saveMeta(): Promise<void> {
    this.metaDirty = false
    try {
      await this.store.saveMeta(this.pageId, readPageMeta(this.doc))
    } catch (error) {
      this.metaDirty = true
      this.log.warn({ err: error, pageId: this.pageId }, 'could not save page metadata')
    }
  }

  private async maybeCompact(force = false): Promise<void> {
    if (this.logLength === 0 || (!force && this.logLength < this.options.compactAfterUpdates)) return
    if (!this.peers.joined) return
    try {
      // A shared store merges what it holds: this document may lack rows another process just
      // committed. A store only this process writes takes this document's state, which holds
      // every row through lastSeq.
      const result = await this.peers.withCompactionLease(() =>
        this.store.shared
          ? this.store.compact(this.pageId)
          : this.store.compact(this.pageId, { state: Y.encodeStateAsUpdate(this.doc), throughSeq: this.lastSeq }),
      )
      // No result: another process is folding the same log right now, which does as well.
      this.logLength = 0
      if (result) this.storedBytes = result.snapshotBytes
      this.log.debug({ pageId: this.pageId, merged: result?.merged ?? 0, bytes: result?.snapshotBytes }, result ? 'page compacted' : 'compaction left to another process')
    } catch (error) {
      // The log is still whole: compaction is only an optimisation, try again later.
      this.log.warn({ err: error, pageId: this.pageId }, 'compaction failed')
    }
  }

  /** Flushes, compacts and forgets the page. Called once nobody is left on it. */
  async unload(): Promise<void> {
    if (this.state === 'closed') return
    await this.loaded
    await this.whenIdle()
    if (this.state === 'ready') {
      if (this.metaDirty) await this.saveMeta()
      await this.history.flush()
      await this.search.flush()
      await this.maybeCompact(true)
    }
    this.history.stop()
    this.search.stop()
    this.peers.leave()
    this.state = 'closed'
    this.presence.destroy()
    this.doc.off('update', this.onDocUpdate)
    this.doc.destroy()
  }
}

class GroupAbort extends Error {}
