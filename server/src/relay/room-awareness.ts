// Who is on a page, and where their caret is (y-protocols awareness), as the room keeps it: which
// socket holds each presence, what a socket may announce (see awareness-screen.ts), and how much
// the relay remembers of presences that left — their last clock, only while their owner may come
// back (recent-presences.ts), so that ever-new client ids cannot grow the relay's memory.
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import { decodeAwarenessEntries, encodeAwarenessEntries } from '@carnet/core'
import type { Connection } from './connection.js'
import type { RecentPresences } from './recent-presences.js'
import { screenAwareness, type Standing } from './awareness-screen.js'

/** Forgets, this often, the clocks of presences that left and whose owner will not come back. */
const SWEEP_INTERVAL_MS = 60_000

export type AwarenessOrigin = Connection | 'peer' | 'relay'

export interface AwarenessChange {
  /** The changed presences, encoded as an awareness update. */
  update: Uint8Array
  origin: AwarenessOrigin
}

export class RoomAwareness {
  readonly awareness = new awarenessProtocol.Awareness(new Y.Doc())
  /** Which socket holds each client id announced here (ids from other processes: none). */
  private readonly holders = new Map<number, Connection>()
  private readonly sweeper: NodeJS.Timeout

  constructor(
    private readonly pageId: string,
    private readonly recent: RecentPresences,
    private readonly onChange: (change: AwarenessChange) => void,
  ) {
    // The relay announces no presence of its own.
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.onUpdate)
    this.sweeper = setInterval(() => this.forgetLeft(), SWEEP_INTERVAL_MS)
    this.sweeper.unref()
  }

  get size(): number {
    return this.awareness.getStates().size
  }

  /** Clocks kept for client ids (the relay's own included): what the page's presence costs in memory. */
  get clocks(): number {
    return this.awareness.meta.size
  }

  /**
   * Applies what a socket announces of its own presence. Returns why the socket must be closed,
   * or null; entries for presences that are not its own are dropped quietly.
   */
  receive(from: Connection, update: Uint8Array): { reason: string; kind: 'limit' | 'malformed' } | null {
    let entries
    try {
      entries = decodeAwarenessEntries(update)
    } catch {
      return { reason: 'invalid awareness update', kind: 'malformed' }
    }
    const screened = screenAwareness(
      entries,
      from.presence,
      {
        standing: (clientId) => this.standing(from, clientId),
        lastClock: (clientId) => this.awareness.meta.get(clientId)?.clock,
      },
      from.trusted ? Number.POSITIVE_INFINITY : undefined,
    )
    if (!screened.ok) return { reason: screened.reason, kind: 'limit' }
    for (const id of screened.mentioned) from.presence.mentioned.add(id)
    for (const [id, shift] of screened.shifts) from.presence.clockShift.set(id, shift)
    if (screened.keep.length === 0) return null
    const unchanged = screened.keep.length === entries.length && screened.keep.every((entry, i) => entry === entries[i])
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, unchanged ? update : encodeAwarenessEntries(screened.keep), from)
    } catch {
      return { reason: 'invalid awareness update', kind: 'malformed' }
    }
    // A removal of an id nobody held leaves no state but a clock behind: drop it unless its owner may come back.
    for (const { clientId, state } of screened.keep) if (state === 'null') this.forgetClock(clientId)
    return null
  }

  /** Applies what sockets of another process announced. */
  receivePeer(update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, 'peer')
  }

  /** A socket left: its presences go with it (and are remembered as its owner's for a while). */
  left(conn: Connection): void {
    if (conn.awarenessClients.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessClients], 'relay')
    }
  }

  /** Every presence, encoded as one awareness update (for a socket that joins or catches up). */
  encodeAll(): Uint8Array {
    return awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])
  }

  /** The presences this process's sockets hold, for another process that asks; null if none. */
  encodeHeldHere(): Uint8Array | null {
    const ids = [...this.holders.keys()].filter((id) => this.awareness.getStates().has(id))
    return ids.length > 0 ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) : null
  }

  destroy(): void {
    clearInterval(this.sweeper)
    this.awareness.off('update', this.onUpdate)
    this.awareness.destroy()
  }

  private standing(from: Connection, clientId: number): Standing {
    const holder = this.holders.get(clientId)
    if (holder === from) return 'own'
    // Held by a live socket: never another's, even its owner's (a whole room shares an address;
    // a reconnecting client gets its presence back once its old socket is gone).
    if (holder) return 'taken'
    const owner = this.recent.ownerOf(this.pageId, clientId)
    if (owner === undefined) return 'free'
    return owner === from.presenceOwner ? 'returning' : 'taken'
  }

  private readonly onUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const conn = typeof origin === 'object' && origin !== null ? (origin as Connection) : null
    if (conn) {
      for (const id of [...added, ...updated]) {
        conn.awarenessClients.add(id)
        this.holders.set(id, conn)
      }
    }
    // Removed by their socket, by its leaving, or timed out: nobody holds them any more, but
    // whoever did may come back to them.
    for (const id of removed) {
      const holder = this.holders.get(id)
      if (!holder) continue
      holder.awarenessClients.delete(id)
      this.holders.delete(id)
      this.recent.remember(this.pageId, id, holder.presenceOwner)
    }
    const changed = [...added, ...updated, ...removed]
    this.onChange({
      update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed),
      origin: conn ?? (origin === 'peer' ? 'peer' : 'relay'),
    })
  }

  /** Drops the clock kept for an id with no presence, unless its owner may come back to it. */
  private forgetClock(clientId: number): void {
    if (clientId === this.awareness.clientID || this.awareness.getStates().has(clientId) || this.holders.has(clientId)) return
    if (this.recent.ownerOf(this.pageId, clientId) !== undefined) return
    this.awareness.meta.delete(clientId)
  }

  private forgetLeft(): void {
    for (const clientId of [...this.awareness.meta.keys()]) this.forgetClock(clientId)
  }
}
