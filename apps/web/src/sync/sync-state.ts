// What the page tells its writer about the network, as a pure function of what really happened to
// the connection: is the socket open, has the first sync finished, has an attempt to reach the
// relay failed since the socket was last open, how many local changes has the relay not confirmed
// yet. The browser's own online/offline signal is only a hint to try again sooner (page-session):
// it lies on some machines and versions, and says nothing of a relay that is down.

export type Connection = 'connecting' | 'connected' | 'disconnected'

export interface SyncFacts {
  connection: Connection
  /**
   * The relay could not be reached: a connection dropped or an attempt failed (or hung too long)
   * since a socket was last open. Cleared when a socket opens.
   */
  unreachable: boolean
  /** The first exchange with the relay on this connection is complete. */
  synced: boolean
  /** Local changes not yet confirmed as stored by the relay. */
  pending: number
  /** The relay closed the connection with a reason (page failed to load, storage trouble…). */
  refusal: { code: number; reason: string } | null
}

export type SyncStatus = 'online' | 'syncing' | 'connecting' | 'offline' | 'refused'

export function syncStatus(facts: SyncFacts): SyncStatus {
  if (facts.refusal && facts.connection !== 'connected') return 'refused'
  if (facts.connection === 'connected') return facts.synced && facts.pending === 0 ? 'online' : 'syncing'
  if (facts.unreachable) return 'offline'
  if (facts.connection === 'connecting') return 'connecting'
  return 'offline'
}

/** How many local changes make more than "a sentence" in words (a change is about a keystroke). */
export const SENTENCE_CHANGES = 200

/** How the unsent changes are told in words: people do not count Yjs updates. */
export function pendingInWords(pending: number): 'none' | 'sentence' | 'more' {
  if (pending <= 0) return 'none'
  return pending <= SENTENCE_CHANGES ? 'sentence' : 'more'
}

/**
 * Bookkeeping of unconfirmed local changes. Each local change gets the next sequence number; the
 * relay confirms "everything before query n is stored", and changes carried over from an earlier
 * visit (counted, not numbered) are confirmed by the first answer after a full sync.
 */
export class PendingChanges {
  private seq = 0
  private confirmed = 0
  private carried: number

  constructor(carriedFromEarlierVisits = 0) {
    this.carried = Math.max(0, carriedFromEarlierVisits)
  }

  get count(): number {
    return this.carried + this.seq - this.confirmed
  }

  /** The number a query sent now would confirm up to. */
  get lastSeq(): number {
    return this.seq
  }

  recordLocalChange(): void {
    this.seq++
  }

  /** The relay stored everything sent before the query numbered `seq`. */
  confirm(seq: number, afterFullSync: boolean): void {
    if (seq > this.confirmed && seq <= this.seq) this.confirmed = seq
    if (afterFullSync) this.carried = 0
  }
}
