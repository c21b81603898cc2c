// One page held in memory while people are on it: its Y.Doc, its awareness, its sockets.
//
// Every frame from a socket goes through the room's inbox and is handled in order, in groups
// (the frames that arrived during one turn of the event loop, a quarter of a megabyte at most, so
// that a burst of large frames never holds up the other pages for long). A group's changes are
// written to the archive in one transaction, and only then does anything leave the room: the
// updates broadcast to the other sockets, sync replies, acknowledgements. So nothing anyone
// receives is missing from the archive, and a `kill -9` at any moment loses nothing that was seen.
// If the write fails, the room drops the group's changes (its document is reloaded from the
// archive) and closes the sockets that sent them: their clients still hold the text and send it
// again when they reconnect.
//
// Around that discipline, two helpers follow the committed changes without slowing them: the
// search indexer (a few seconds later) and the history recorder (versions on a timer, when the
// last writer leaves, at unload). Both wait for the room to be idle and write through the store.
//
// With several relay processes on one shared archive, the room also has a channel to the rooms of
// the same page in the other processes (cluster/fanout.ts): it publishes a group's updates once
// they are committed, and applies theirs — already in the archive — without storing them again,
// forwarding them to its own sockets; awareness and access changes travel the same way. Such a
// store is compacted from what it holds, under a lease, since this document may lack rows another
// process has just committed.
import * as Y from 'yjs'
import type { Logger } from 'pino'
import {
  CloseCode,
  encodeAccess,
  encodeAwareness,
  encodeNotice,
  encodePermissionDenied,
  encodeStored,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  FrameError,
  META_MAP,
  parseClientFrame,
  readPageMeta,
  writePageMeta,
  type AccessRequest,
  type ClientFrame,
  type NoticeCode,
} from '@carnet/core'
import type { AccessChange, PageAccess, PageStore, StoredPage } from '../archive/store.js'
import type { Fanout, PageChannel, PeerHandlers } from '../cluster/fanout.js'
import type { RelayMetrics } from '../observability/metrics.js'
import type { Connection } from './connection.js'
import { HistoryRecorder } from './history-recorder.js'
import { SearchIndexer } from './search-indexer.js'
import { accessState, claimOnJoin, claimOnWrite } from './page-rights.js'
import { DeletedRanges, isRedundantUpdate } from './redundant-update.js'
import { checkUpdate, type DecodedUpdate } from './update-check.js'
import { checkUpdateShape } from './update-shape.js'
import { RoomAwareness, type AwarenessChange } from './room-awareness.js'
import type { RecentPresences } from './recent-presences.js'

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
}

export type RoomState = 'loading' | 'ready' | 'failed' | 'closed'

/** Origin of changes read back from the archive: they are not written again. */
const FROM_ARCHIVE = Symbol('archive')
/** Origin of changes the relay itself makes (the closed flag in `meta`). */
const FROM_RELAY = Symbol('relay')
/**
 * Frames handled in one turn of the event loop, in bytes: a burst of large frames (a few sockets'
 * whole syncs at once) is written in several groups, one per turn, so that nobody waits long.
 */
const GROUP_BYTES = 256 * 1024
/** How long a gap in another process's changes may wait for a late message before the archive fills it. */
const PEER_CATCH_UP_DELAY_MS = 500

/** Origin of changes from another relay process: already stored, not published again. */
const FROM_PEER = Symbol('peer')

const NOTICES: Record<NoticeCode, string> = {
  'read-only': 'read-only: this link cannot write to the page (it needs the edit key); your changes were not accepted',
  'wrong-key': 'wrong edit key: your changes were not accepted',
  closed: 'the page is closed: nobody can write until an edit-key holder reopens it',
  'storage-unavailable': 'storage unavailable: your changes are kept on your device, retry later',
  'page-too-large': 'page too large',
}

type Output =
  | { kind: 'send'; to: Connection; data: Uint8Array }
  /** Presence: skipped for sockets that are behind, who get all of it once they catch up. */
  | { kind: 'presence'; data: Uint8Array }
  | { kind: 'update'; update: Uint8Array; from: Connection | null }
  /** Committed by another process: sent to every socket, even when this group's write fails. */
  | { kind: 'peer-update'; update: Uint8Array }
  | { kind: 'sync-reply'; to: Connection; stateVector: Uint8Array }
  | { kind: 'hello'; to: Connection }

interface Inbound {
  from: Connection
  data: Uint8Array | 'hello'
}

/** News from the other processes, applied in order with the frames. */
type PeerEvent =
  | { peer: 'updates'; updates: Uint8Array[] }
  | { peer: 'stored'; stored: StoredPage | null; access: PageAccess | null }
  | { peer: 'access'; access: PageAccess | null }

interface Write {
  update: Uint8Array
  /** The socket that sent it, or null for the relay's own changes. */
  from: Connection | null
}

export class Room {
  state: RoomState = 'loading'
  doc = new Y.Doc()
  readonly presence: RoomAwareness
  readonly connections = new Set<Connection>()
  private catchUpScheduled = false
  /** Resolves once the page is loaded (or has failed to load). */
  readonly loaded: Promise<void>

  private inbox: Array<Inbound | PeerEvent> = []
  private pumping = false
  private pumpScheduled = false
  private lastSeq = 0
  private logLength = 0
  private storedBytes = 0
  private metaDirty = false
  /** Who may write; null until someone claims the page. */
  private access: PageAccess | null = null
  /** A claim made in the current group, stored (or found taken) when it is committed. */
  private pendingClaim: PageAccess | null = null
  /** Flag changes made in the current group, stored when it is committed. */
  private pendingChange: AccessChange = {}
  private channel: PageChannel | null = null
  /** Reads of the access record after another process changed it, one after the other. */
  private accessReads: Promise<void> = Promise.resolve()
  private pendingWrites: Write[] = []
  private deleted: DeletedRanges | null = null
  private pendingOutputs: Output[] = []
  private idle: Promise<void> = Promise.resolve()
  private settleIdle: (() => void) | null = null
  private readonly history: HistoryRecorder
  private readonly search: SearchIndexer

  constructor(
    readonly pageId: string,
    private readonly store: PageStore,
    private readonly options: RoomOptions,
    private readonly log: Logger,
    /** Waited for before loading: the previous room of the same page finishing its unload. */
    previous: Promise<void> = Promise.resolve(),
  ) {
    this.presence = new RoomAwareness(pageId, options.presences, this.onPresenceChange)
    this.history = new HistoryRecorder(pageId, store, this, options.historyIntervalMs, log, options.metrics)
    this.search = new SearchIndexer(pageId, store, this, log, options.metrics)
    this.loaded = previous.then(() => this.load())
  }

  get size(): number {
    return this.connections.size
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

  /** Resolves when every frame received so far has been handled and written. */
  whenIdle(): Promise<void> {
    if (!this.pumping && !this.pumpScheduled && this.inbox.length === 0) return Promise.resolve()
    if (!this.settleIdle) this.idle = new Promise((resolve) => (this.settleIdle = resolve))
    return this.idle
  }

  private async load(): Promise<void> {
    try {
      // Joined first: what other processes commit after the read below reaches this room.
      this.channel = await this.options.fanout.join(this.pageId, this.peerHandlers)
      const [stored, access] = await Promise.all([this.store.loadPage(this.pageId), this.store.getAccess(this.pageId)])
      this.access = access
      this.applyStored(stored)
      this.state = 'ready'
      this.history.start()
      this.channel.queryAwareness()
      this.schedulePump()
    } catch (error) {
      this.state = 'failed'
      this.options.metrics.error('page-load')
      this.log.error({ err: error, pageId: this.pageId }, 'page failed to load')
      for (const conn of this.connections) conn.close(CloseCode.pageLoadFailed, 'page could not be loaded from the archive')
      this.inbox = []
      this.channel?.leave()
      this.channel = null
    }
  }

  private applyStored(stored: Awaited<ReturnType<PageStore['loadPage']>>): void {
    const doc = new Y.Doc()
    if (stored) {
      Y.transact(
        doc,
        () => {
          if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot, FROM_ARCHIVE)
          for (const update of stored.updates) Y.applyUpdate(doc, update, FROM_ARCHIVE)
        },
        FROM_ARCHIVE,
      )
      this.lastSeq = stored.lastSeq
      this.logLength = stored.updates.length
      this.storedBytes = (stored.snapshot?.length ?? 0) + stored.updates.reduce((sum, u) => sum + u.length, 0)
    }
    this.useDoc(doc)
  }

  private useDoc(doc: Y.Doc): void {
    this.deleted = null
    if (doc !== this.doc) {
      this.doc.off('update', this.onDocUpdate)
      this.doc = doc
    }
    doc.on('update', this.onDocUpdate)
    doc.getMap(META_MAP).observe(() => {
      this.metaDirty = true
    })
  }

  /** The document's deleted ranges, read once for as long as the document does not change. */
  private readonly deletedRanges = (): DeletedRanges => (this.deleted ??= new DeletedRanges(this.doc))

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.deleted = null
    if (origin === FROM_ARCHIVE) return
    if (origin === FROM_PEER) {
      // Only what this document lacked: the part of the peer's update that is news here.
      this.pendingOutputs.push({ kind: 'peer-update', update })
      return
    }
    this.pendingWrites.push({ update, from: origin === FROM_RELAY ? null : (origin as Connection) })
  }

  private readonly peerHandlers: PeerHandlers = {
    updates: (updates) => this.receivePeer({ peer: 'updates', updates }),
    awareness: (update) => {
      if (this.state !== 'loading' && this.state !== 'ready') return
      try {
        this.presence.receivePeer(update)
      } catch (error) {
        this.log.warn({ err: error, pageId: this.pageId }, 'invalid awareness update from another process')
      }
    },
    accessChanged: (access) => {
      this.receivePeer({ peer: 'access', access })
      // One read at a time, in order: the last one read holds, whatever raced before it.
      this.accessReads = this.accessReads
        .then(() => this.store.getAccess(this.pageId))
        .then(
          (stored) => this.receivePeer({ peer: 'access', access: stored }),
          (error: unknown) => this.log.warn({ err: error, pageId: this.pageId }, 'could not read the access changed by another process'),
        )
    },
    awarenessQuery: () => {
      const held = this.presence.encodeHeldHere()
      if (held) this.channel?.publishAwareness(held)
    },
    catchUp: () => {
      Promise.all([this.store.loadPage(this.pageId), this.store.getAccess(this.pageId)]).then(
        ([stored, access]) => this.receivePeer({ peer: 'stored', stored, access }),
        (error: unknown) => this.log.warn({ err: error, pageId: this.pageId }, 'could not catch up with the archive'),
      )
    },
  }

  private receivePeer(event: PeerEvent): void {
    if (this.state === 'failed' || this.state === 'closed') return
    this.inbox.push(event)
    this.schedulePump()
  }

  private readonly onPresenceChange = ({ update, origin }: AwarenessChange): void => {
    if (origin !== 'peer') this.channel?.publishAwareness(update)
    const data = encodeAwareness(update)
    // A socket leaving is handled outside the pump: tell the others at once.
    if (this.pumping) this.pendingOutputs.push({ kind: 'presence', data })
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
        if (group.length > 0 && this.inbox.length > 0) break
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
  private takeGroup(): Array<Inbound | PeerEvent> {
    let bytes = 0
    let count = 0
    for (const message of this.inbox) {
      count++
      if ('data' in message && message.data !== 'hello') bytes += message.data.length
      if (bytes >= GROUP_BYTES) break
    }
    return this.inbox.splice(0, count)
  }

  private handle(message: Inbound | PeerEvent): void {
    if ('peer' in message) {
      this.handlePeer(message)
      return
    }
    const { from, data } = message
    if (from.rejected) return
    if (data === 'hello') {
      const claimed = claimOnJoin(this.access, from.editKey)
      if (claimed !== this.access) this.claim(claimed!)
      from.rights = accessState(this.access, from.editKey)
      this.pendingOutputs.push({ kind: 'hello', to: from })
      if (from.editKey && !from.rights.hasKey) this.refuse(from, 'wrong-key')
      return
    }
    let frame: ClientFrame
    try {
      frame = parseClientFrame(data)
    } catch (error) {
      const reason = error instanceof FrameError ? error.message : 'malformed message'
      this.options.metrics.error('malformed-message')
      from.close(CloseCode.malformedMessage, `malformed message: ${reason}`)
      return
    }
    switch (frame.kind) {
      case 'sync-step1':
        if (!this.costlyRequestAllowed(from)) return
        this.pendingOutputs.push({ kind: 'sync-reply', to: from, stateVector: frame.stateVector })
        return
      case 'sync-update':
        this.applyUpdate(from, frame.update)
        return
      case 'awareness':
        this.receiveAwareness(from, frame.update)
        return
      case 'query-awareness':
        if (!this.costlyRequestAllowed(from)) return
        this.pendingOutputs.push({ kind: 'send', to: from, data: this.wholePresence() })
        return
      case 'stored-query':
        // Answered after this group is committed, so it covers everything the client sent before.
        // A client whose changes were refused is never told they are stored: they are not.
        if (!from.refusedWrites) this.pendingOutputs.push({ kind: 'send', to: from, data: encodeStored(frame.seq) })
        return
      case 'access-request':
        this.changeAccess(from, frame.request)
        return
      case 'auth':
        return
    }
  }

  /** A whole sync or everyone's presence costs work in proportion to the page: a few, then slowly. */
  private costlyRequestAllowed(from: Connection): boolean {
    if (from.budget.takeCostlyRequest(performance.now())) return true
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

  /** Applies what another process committed; nothing of it is written again. */
  private handlePeer(event: PeerEvent): void {
    if (event.peer === 'access') {
      this.adoptAccess(event.access)
      return
    }
    try {
      if (event.peer === 'updates') {
        // One at a time, as the updates of this room's own sockets: each goes out as it came (a
        // merged update would hold many keystrokes in one message).
        for (const update of event.updates) Y.applyUpdate(this.doc, update, FROM_PEER)
        // They are rows of the log too: they count towards the next compaction.
        this.logLength += event.updates.length
        this.storedBytes += event.updates.reduce((sum, u) => sum + u.length, 0)
        this.catchUpIfSomethingMissed()
        return
      }
      this.adoptAccess(event.access)
      const { stored } = event
      if (!stored) return
      Y.transact(
        this.doc,
        () => {
          if (stored.snapshot) Y.applyUpdate(this.doc, stored.snapshot, FROM_PEER)
          for (const update of stored.updates) Y.applyUpdate(this.doc, update, FROM_PEER)
        },
        FROM_PEER,
      )
    } catch (error) {
      // The archive holds what the peer committed: start again from it.
      this.log.warn({ err: error, pageId: this.pageId }, 'could not apply changes from another process')
      throw new GroupAbort()
    }
  }

  /**
   * A peer's update that cannot be integrated depends on one this process never heard of (a
   * publication lost or timed out): the archive holds it, since every process stores before it
   * publishes. Read it from there, once the moment has passed for a late message to arrive.
   */
  private catchUpIfSomethingMissed(): void {
    if (this.catchUpScheduled || (this.doc.store.pendingStructs === null && this.doc.store.pendingDs === null)) return
    this.catchUpScheduled = true
    const timer = setTimeout(() => {
      this.catchUpScheduled = false
      if (this.state !== 'ready' || (this.doc.store.pendingStructs === null && this.doc.store.pendingDs === null)) return
      this.log.info({ pageId: this.pageId }, 'changes from another process depend on some never received: catching up from the archive')
      this.peerHandlers.catchUp()
    }, PEER_CATCH_UP_DELAY_MS)
    timer.unref()
  }

  /** The access record as another process stored it, with this group's own changes still on top. */
  private adoptAccess(stored: PageAccess | null): void {
    if (stored) this.setAccess({ ...stored, ...this.pendingChange })
  }

  /** A first connection claims the page (its key, or open to all): stored when the group commits. */
  private claim(access: PageAccess): void {
    this.pendingClaim = access
    this.setAccess(access)
  }

  /** Who may write now, and what each socket may do: told to the Carnet clients whose rights changed. */
  private setAccess(next: PageAccess | null): void {
    this.access = next
    for (const conn of this.connections) {
      const rights = accessState(next, conn.editKey)
      if (JSON.stringify(rights) === JSON.stringify(conn.rights)) continue
      conn.rights = rights
      conn.noticesSent.clear()
      if (conn.speaksCarnet) this.pendingOutputs.push({ kind: 'send', to: conn, data: encodeAccess(rights) })
    }
  }

  /** Close, reopen, open to all: only for the edit key's holders. */
  private changeAccess(from: Connection, request: AccessRequest): void {
    if (!from.rights.hasKey || !this.access) {
      this.refuse(from, 'read-only')
      return
    }
    const change: AccessChange = request.action === 'open-to-all' ? { openToAll: request.open } : { closed: request.action === 'close' }
    this.pendingChange = { ...this.pendingChange, ...change }
    const next: PageAccess = { ...this.access, ...change }
    this.setAccess(next)
    // The closed flag also lives in the page's meta, so readers and exports see it.
    if (readPageMeta(this.doc).closed !== next.closed) {
      const writesBefore = this.pendingWrites.length
      writePageMeta(this.doc, { closed: next.closed }, FROM_RELAY)
      this.broadcastWritesSince(writesBefore, null)
    }
  }

  /** Queues the broadcast of the document changes made since `writesBefore` (sent once stored). */
  private broadcastWritesSince(writesBefore: number, from: Connection | null): void {
    for (let i = writesBefore; i < this.pendingWrites.length; i++) {
      this.pendingOutputs.push({ kind: 'update', update: this.pendingWrites[i]!.update, from })
    }
  }

  /** Explains a refusal once per socket: Carnet clients get a notice, stock clients the auth message. */
  private refuse(conn: Connection, code: NoticeCode): void {
    if (conn.noticesSent.has(code)) return
    conn.noticesSent.add(code)
    const message = NOTICES[code]
    this.pendingOutputs.push({ kind: 'send', to: conn, data: conn.speaksCarnet ? encodeNotice({ code, message }) : encodePermissionDenied(message) })
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
      if (!redundant) {
        from.refusedWrites = true
        this.refuse(from, this.access?.closed ? 'closed' : from.editKey ? 'wrong-key' : 'read-only')
      }
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
    const writesBefore = this.pendingWrites.length
    try {
      Y.applyUpdate(this.doc, update, from)
    } catch (error) {
      // Some updates parse but cannot be integrated, and may leave the document half-changed:
      // keep what came before in the group, drop this one, and reload the page from the archive.
      this.pendingWrites.length = writesBefore
      from.close(CloseCode.malformedMessage, 'malformed message: update could not be applied')
      this.log.warn({ err: error, pageId: this.pageId, conn: from.id }, 'update could not be applied')
      throw new GroupAbort()
    }
    const hasPending = this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null
    if (hasPending && this.pendingWrites.length === writesBefore) {
      // Parts of the update wait for changes the relay has not seen: keep the update as it came,
      // so it is integrated when they arrive, even after a restart.
      this.pendingWrites.push({ update, from })
    }
    // Only a real change claims an unclaimed page: a keyless reader's sync (an update that brings
    // nothing) must not open to all a page whose key holder has not connected yet — or has, through
    // another process this room has not heard from yet.
    if (this.access === null && !from.editKey && this.pendingWrites.length > writesBefore) this.claim(claimOnWrite(null))
    this.broadcastWritesSince(writesBefore, from)
  }

  /** Writes the group's changes, then lets its outputs out; on failure, drops them. */
  private async commit(): Promise<void> {
    // First: a claim found taken changes the rights this group was judged with.
    const claim = await this.saveAccess()
    const writes = this.pendingWrites
    const outputs = this.pendingOutputs
    this.pendingWrites = []
    this.pendingOutputs = []
    if (claim === 'lost') {
      await this.dropClaimedGroup(writes)
      this.emit(outputs.filter((output) => output.kind !== 'update'))
      return
    }
    if (writes.length > 0) {
      const { metrics } = this.options
      const started = performance.now()
      try {
        this.lastSeq = await this.store.appendUpdates(
          this.pageId,
          writes.map((w) => w.update),
          Date.now(),
        )
        const bytes = writes.reduce((sum, w) => sum + w.update.length, 0)
        metrics.storeLatency.observe((performance.now() - started) / 1000)
        metrics.stored()
        metrics.updates.inc(writes.length)
        metrics.updateBytes.inc(bytes)
        this.logLength += writes.length
        this.storedBytes += bytes
        this.channel?.publishUpdates(writes.map((w) => w.update))
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
   * Stores the group's claim or access changes. A claim another connection made first (through
   * another process) wins: 'lost' means this group was judged with rights that do not hold.
   */
  private async saveAccess(): Promise<'ok' | 'lost'> {
    const claim = this.pendingClaim
    const change = this.pendingChange
    if (!claim && Object.keys(change).length === 0) return 'ok'
    try {
      if (claim) {
        const holding = await this.store.claimAccess(this.pageId, claim)
        this.pendingClaim = null
        if (holding.keyHash !== claim.keyHash) {
          this.pendingChange = {}
          this.setAccess(holding)
          return 'lost'
        }
        // Claimed with the same key elsewhere, and maybe closed or opened since.
        if (holding.openToAll !== claim.openToAll || holding.closed !== claim.closed) this.adoptAccess(holding)
      }
      if (Object.keys(change).length > 0) {
        const stored = await this.store.updateAccess(this.pageId, change)
        this.pendingChange = {}
        // The stored record may also carry another process's change of the other flag.
        if (stored) this.setAccess(stored)
      }
      if (this.access) this.channel?.publishAccessChanged(this.access)
    } catch (error) {
      // Kept in memory and saved with the next group; the page stays usable meanwhile.
      this.log.error({ err: error, pageId: this.pageId }, 'could not save page access')
    }
    return 'ok'
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

  /** Closes the socket of a frame that raised an unforeseen error, and says so in the log. */
  private refuseUnexpected(message: Inbound | PeerEvent, error: unknown): void {
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
        output.to.send(encodeSyncStep1(Y.encodeStateVector(this.doc)))
        if (this.presence.size > 0) output.to.send(this.wholePresence())
        break
    }
  }

  private async dropUnstored(writes: Write[], error: unknown): Promise<void> {
    this.options.metrics.error('store-append')
    this.log.error({ err: error, pageId: this.pageId, updates: writes.length }, 'could not store updates')
    const writers = new Set(writes.map((w) => w.from))
    for (const conn of writers) {
      if (!conn) continue
      conn.close(CloseCode.storageUnavailable, 'storage unavailable: your changes are kept on your device, retry later')
    }
    await this.reload()
  }

  /** Replaces the in-memory document by the archive's copy (after a failed write). */
  private async reload(): Promise<void> {
    try {
      this.applyStored(await this.store.loadPage(this.pageId))
    } catch (error) {
      this.state = 'failed'
      this.log.error({ err: error, pageId: this.pageId }, 'page failed to reload')
      for (const conn of this.connections) conn.close(CloseCode.pageLoadFailed, 'page could not be loaded from the archive')
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
    const channel = this.channel
    if (!channel) return
    try {
      // A shared store merges what it holds: this document may lack rows another process just
      // committed. A store only this process writes takes this document's state, which holds
      // every row through lastSeq.
      const result = await channel.withCompactionLease(() =>
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
    this.channel?.leave()
    this.channel = null
    this.state = 'closed'
    this.presence.destroy()
    this.doc.off('update', this.onDocUpdate)
    this.doc.destroy()
  }
}

class GroupAbort extends Error {}
