// What one socket may announce in the page's awareness (who is here, their caret): only its own
// presence — never one another socket holds, nor one someone else announced here recently and
// may come back to (a reader could otherwise rename the facilitator the projector follows while
// their Wi-Fi drops) — for a few client ids over its whole life, removals included (each id costs
// the relay memory), each state of a bounded size (kept in memory and sent to everyone who joins).
//
// A client that comes back gets its presence back even though the relay already broadcast a
// higher clock for it (its leaving): its clocks are shifted past the last one the relay announced,
// for as long as its socket lives, so everyone takes its announcements as news.
import type { AwarenessEntry } from '@carnet/core'

/** A browser tab or a stock y-websocket client announces one; a few leave room for odd clients. */
export const MAX_AWARENESS_CLIENTS_PER_SOCKET = 4
/** Name, colour, caret and a few flags take a few hundred characters. */
export const MAX_AWARENESS_STATE_CHARS = 16_384

/** Whether a socket may speak for a client id now. */
export type Standing =
  /** It holds the id (it announced it and has not left). */
  | 'own'
  /** Nobody holds it now, and this socket's owner (the same key, or address) held it recently. */
  | 'returning'
  /** Nobody holds it, and nobody else announced it recently. */
  | 'free'
  /** Another socket holds it, or someone else announced it recently: not this socket's to touch. */
  | 'taken'

export interface PresenceLedger {
  standing(clientId: number): Standing
  /** The last clock the relay announced for the id, if it remembers one. */
  lastClock(clientId: number): number | undefined
}

export interface SocketPresence {
  /** Every id this socket ever spoke for, removals included. */
  readonly mentioned: ReadonlySet<number>
  /** How far this socket's clocks are shifted, per id (see the header). */
  readonly clockShift: ReadonlyMap<number, number>
}

export type Screened =
  | {
      ok: true
      /** The entries to apply, clocks shifted where needed. */
      keep: AwarenessEntry[]
      /** Ids this socket speaks for for the first time. */
      mentioned: number[]
      /** New clock shifts of this socket. */
      shifts: Array<[number, number]>
      /** Entries dropped because the id is someone else's. */
      dropped: number
    }
  | { ok: false; reason: string }

/** `limit`: ids the socket may speak for over its life (a linked relay speaks for all of its side). */
export function screenAwareness(entries: readonly AwarenessEntry[], socket: SocketPresence, ledger: PresenceLedger, limit = MAX_AWARENESS_CLIENTS_PER_SOCKET): Screened {
  const keep: AwarenessEntry[] = []
  const mentioned: number[] = []
  const shifts: Array<[number, number]> = []
  let dropped = 0
  for (const entry of entries) {
    if (entry.state.length > MAX_AWARENESS_STATE_CHARS) {
      return { ok: false, reason: `awareness state too large: at most ${MAX_AWARENESS_STATE_CHARS} characters` }
    }
    const standing = ledger.standing(entry.clientId)
    // Not refused: a client that reconnects may speak before its old socket is known to be gone.
    if (standing === 'taken') {
      dropped++
      continue
    }
    let shift = shifts.find(([id]) => id === entry.clientId)?.[1] ?? socket.clockShift.get(entry.clientId) ?? 0
    let clock = entry.clock + shift
    const last = ledger.lastClock(entry.clientId)
    if (standing !== 'own' && last !== undefined && clock <= last) {
      if (standing !== 'returning' || entry.state === 'null') {
        // What the relay already knows, sent back: stock clients pass on every presence they
        // hear of (from other processes too). Not a claim: dropped, not counted.
        continue
      }
      // Back after leaving: the relay announced its leaving with this clock already.
      shift += last + 1 - clock
      clock = last + 1
      shifts.push([entry.clientId, shift])
    }
    if (!socket.mentioned.has(entry.clientId) && !mentioned.includes(entry.clientId)) mentioned.push(entry.clientId)
    keep.push(clock === entry.clock ? entry : { ...entry, clock })
  }
  if (socket.mentioned.size + mentioned.length > limit) {
    return { ok: false, reason: `too many awareness clients: at most ${MAX_AWARENESS_CLIENTS_PER_SOCKET} per connection` }
  }
  return { ok: true, keep, mentioned, shifts, dropped }
}
