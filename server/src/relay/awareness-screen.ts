// What one socket may announce in the page's awareness (who is here, their caret): only its own
// clients — never a presence another socket holds (a reader could otherwise rename the
// facilitator the projector follows) — at most a few of them, each of a bounded size (awareness
// is kept in memory and sent to everyone who joins).
import type { AwarenessEntry } from '@carnet/core'

/** A browser tab or a stock y-websocket client announces one; a few leave room for odd clients. */
export const MAX_AWARENESS_CLIENTS_PER_SOCKET = 4
/** Name, colour, caret and a few flags take a few hundred characters. */
export const MAX_AWARENESS_STATE_CHARS = 16_384

export type Screened =
  | { ok: true; keep: AwarenessEntry[] }
  | { ok: false; reason: string }

export function screenAwareness(
  entries: readonly AwarenessEntry[],
  /** Client ids this socket announced and still holds. */
  own: ReadonlySet<number>,
  /** True for an id another socket of the page holds. */
  heldElsewhere: (clientId: number) => boolean,
): Screened {
  const keep: AwarenessEntry[] = []
  const added = new Set<number>()
  for (const entry of entries) {
    if (entry.state.length > MAX_AWARENESS_STATE_CHARS) {
      return { ok: false, reason: `awareness state too large: at most ${MAX_AWARENESS_STATE_CHARS} characters` }
    }
    // Not refused: a client that reconnects may speak before its old socket is known to be gone.
    if (heldElsewhere(entry.clientId)) continue
    if (!own.has(entry.clientId) && entry.state !== 'null') added.add(entry.clientId)
    keep.push(entry)
  }
  if (own.size + added.size > MAX_AWARENESS_CLIENTS_PER_SOCKET) {
    return { ok: false, reason: `too many awareness clients: at most ${MAX_AWARENESS_CLIENTS_PER_SOCKET} per connection` }
  }
  return { ok: true, keep }
}
