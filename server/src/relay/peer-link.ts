// A room's link to the rooms of the same page in the other relay processes (cluster/fanout.ts).
// What they commit, their presences and their access changes come in as events the room applies
// in order with its own frames; what the room commits goes out once stored. A change that depends
// on one this process never heard of (a publication lost or timed out) is filled in from the
// archive, which holds it: every process stores before it publishes.
import type { Logger } from 'pino'
import type { AccessRecords, PageAccess, PageLog, StoredPage } from '../archive/store.js'
import type { Fanout, PageChannel, PeerHandlers } from '../cluster/fanout.js'

/** How long a gap in another process's changes may wait for a late message before the archive fills it. */
export const PEER_CATCH_UP_DELAY_MS = 500

/** News from the other processes, applied in order with the frames. */
export type PeerEvent =
  | { peer: 'updates'; updates: Uint8Array[] }
  | { peer: 'stored'; stored: StoredPage | null; access: PageAccess | null }
  | { peer: 'access'; access: PageAccess | null }

/** What the link needs of its room. */
export interface LinkedRoom {
  /** Queues a peer event into the room's inbox. */
  receivePeer(event: PeerEvent): void
  /** Another process changed the page's access record. */
  accessChangedElsewhere(access: PageAccess): void
  /** Applies presences announced on another process. */
  presenceFromPeer(update: Uint8Array): void
  /** The presences this process's sockets hold (a process that just loaded the page asks), or null. */
  presenceHeldHere(): Uint8Array | null
  /** The document waits for changes it never received. */
  missingChanges(): boolean
  isReady(): boolean
}

export class PeerLink {
  private channel: PageChannel | null = null
  private catchUpScheduled = false

  constructor(
    private readonly pageId: string,
    private readonly fanout: Fanout,
    private readonly store: PageLog & AccessRecords,
    private readonly room: LinkedRoom,
    private readonly log: Logger,
  ) {}

  /** Joins the page's channel: what others commit from now on reaches the room. */
  async join(): Promise<void> {
    this.channel = await this.fanout.join(this.pageId, this.handlers)
  }

  /** Asks the other processes for their sockets' presences (the room has just loaded). */
  queryPresence(): void {
    this.channel?.queryAwareness()
  }

  publishUpdates(updates: readonly Uint8Array[]): void {
    this.channel?.publishUpdates(updates)
  }

  publishPresence(update: Uint8Array): void {
    this.channel?.publishAwareness(update)
  }

  publishAccess(access: PageAccess): void {
    this.channel?.publishAccessChanged(access)
  }

  /** Runs `task` under the page's compaction lease (null: another process compacts, or no channel). */
  withCompactionLease<T>(task: () => Promise<T>): Promise<T | null> {
    return this.channel ? this.channel.withCompactionLease(task) : Promise.resolve(null)
  }

  get joined(): boolean {
    return this.channel !== null
  }

  leave(): void {
    this.channel?.leave()
    this.channel = null
  }

  /**
   * Changes from another process were applied: if they wait for some this process never heard of,
   * reads the page from the archive, once the moment has passed for a late message to arrive.
   */
  fillGapSoon(): void {
    if (this.catchUpScheduled || !this.room.missingChanges()) return
    this.catchUpScheduled = true
    const timer = setTimeout(() => {
      this.catchUpScheduled = false
      if (!this.room.isReady() || !this.room.missingChanges()) return
      this.log.info({ pageId: this.pageId }, 'changes from another process depend on some never received: catching up from the archive')
      this.catchUp()
    }, PEER_CATCH_UP_DELAY_MS)
    timer.unref()
  }

  private catchUp(): void {
    Promise.all([this.store.loadPage(this.pageId), this.store.getAccess(this.pageId)]).then(
      ([stored, access]) => this.room.receivePeer({ peer: 'stored', stored, access }),
      (error: unknown) => this.log.warn({ err: error, pageId: this.pageId }, 'could not catch up with the archive'),
    )
  }

  private readonly handlers: PeerHandlers = {
    updates: (updates) => this.room.receivePeer({ peer: 'updates', updates }),
    awareness: (update) => {
      try {
        this.room.presenceFromPeer(update)
      } catch (error) {
        this.log.warn({ err: error, pageId: this.pageId }, 'invalid awareness update from another process')
      }
    },
    accessChanged: (access) => this.room.accessChangedElsewhere(access),
    awarenessQuery: () => {
      const held = this.room.presenceHeldHere()
      if (held) this.channel?.publishAwareness(held)
    },
    catchUp: () => this.catchUp(),
  }
}
