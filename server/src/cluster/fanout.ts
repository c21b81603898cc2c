// How relay processes that share one archive tell each other about a page: the updates they have
// committed, their clients' awareness, access changes, and who compacts it. A room joins its
// page's channel before it reads the page, so nothing committed elsewhere falls between the read
// and the first message. One process alone (the default) has no one to tell: `singleProcess`.
//
// What travels is never stored again by the receiver: it is already in the archive (updates are
// published only after their transaction committed) or never stored at all (awareness). When
// messages may have been missed — the bus was unreachable — the receiver is told to catch up from
// the archive, which Yjs merges idempotently.
import type { PageAccess } from '../archive/store.js'

/** What the other processes holding a page tell this one. */
export interface PeerHandlers {
  /** Document updates another process has committed to the archive. */
  updates(updates: Uint8Array[]): void
  /** An awareness update (cursors, names) from a client of another process. */
  awareness(update: Uint8Array): void
  /**
   * Another process changed the page's access record, to `access` as it stored it: apply it at
   * once (so rights change before the updates that follow it on the channel), then read the
   * record again (two processes may have changed it at the same moment).
   */
  accessChanged(access: PageAccess): void
  /** A process that just loaded the page asks for the awareness of the clients on the others. */
  awarenessQuery(): void
  /** Messages may have been missed: read the page and its access again from the archive. */
  catchUp(): void
}

/** A room's side of its page's channel. Publishing never throws and never waits. */
export interface PageChannel {
  publishUpdates(updates: readonly Uint8Array[]): void
  publishAwareness(update: Uint8Array): void
  publishAccessChanged(access: PageAccess): void
  queryAwareness(): void
  /**
   * Runs `task` while this process holds the page's compaction lease; resolves `null` without
   * running it when another process holds it or the lease cannot be had now.
   */
  withCompactionLease<T>(task: () => Promise<T>): Promise<T | null>
  leave(): void
}

export type FanoutStatus = { mode: 'single-process' } | { mode: 'redis'; connected: boolean }

export interface Fanout {
  /**
   * Joins a page's channel. Resolves once what others publish from now on will be delivered — or
   * at once when the bus is unreachable, in which case a catch-up follows its return.
   */
  join(pageId: string, handlers: PeerHandlers): Promise<PageChannel>
  status(): FanoutStatus
  close(): Promise<void>
}

const ALONE: PageChannel = {
  publishUpdates() {},
  publishAwareness() {},
  publishAccessChanged() {},
  queryAwareness() {},
  // One room per page in one process: nobody else compacts it.
  withCompactionLease: (task) => task(),
  leave() {},
}

export const singleProcess: Fanout = {
  join: async () => ALONE,
  status: () => ({ mode: 'single-process' }),
  close: async () => {},
}
