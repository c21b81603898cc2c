// Who is on a page, read from awareness: each client's `user` (name, colour), whether they write
// or only read (`reading`, set by a browser the relay gave no write right), whether they are
// typing now, and which one is this browser.
//
// Typing: a writer's browser changes its `typing` mark at most once a second while keys go down
// and clears it after a short pause (page-session.ts). Each browser times the mark on its own
// clock, from the moment it saw it change: another computer's clock may be minutes off, and a
// hidden tab's timers may fire late, so a mark left behind fades by itself. Nobody types on a
// closed page.
import type { Awareness } from 'y-protocols/awareness'
import { FALLBACK_WRITER_COLOR } from './palette.js'

/** A typing mark that has not changed for this long no longer counts. */
export const TYPING_FRESH_MS = 3_000

export interface Present {
  clientId: number
  name: string
  color: string
  self: boolean
  /** Reads the page only (a read-only link): counted apart from the writers. */
  reading: boolean
  typing: boolean
}

/** When each person's typing mark last changed, on this computer's clock. */
export class TypingClock {
  private readonly seen = new Map<number, { mark: unknown; at: number }>()

  /** Whether this mark, seen now, says the person is typing. */
  isTyping(clientId: number, mark: unknown, now: number): boolean {
    if (mark === null || mark === undefined || mark === false) {
      this.seen.delete(clientId)
      return false
    }
    let seen = this.seen.get(clientId)
    if (!seen || seen.mark !== mark) {
      seen = { mark, at: now }
      this.seen.set(clientId, seen)
    }
    return now - seen.at < TYPING_FRESH_MS
  }

  /** When the next mark still counting stops counting (ms), or null. */
  nextFade(now: number): number | null {
    let next: number | null = null
    for (const { at } of this.seen.values()) {
      const fade = at + TYPING_FRESH_MS
      if (fade > now && (next === null || fade < next)) next = fade
    }
    return next
  }

  forget(keep: ReadonlySet<number>): void {
    for (const clientId of this.seen.keys()) if (!keep.has(clientId)) this.seen.delete(clientId)
  }
}

export interface PresenceContext {
  typingClock: TypingClock
  /** The page is closed: nobody writes on it. */
  closed: boolean
  now?: number
}

export function readPresence(awareness: Awareness, context: PresenceContext): Present[] {
  const now = context.now ?? Date.now()
  const self = awareness.clientID
  const list: Present[] = []
  for (const [clientId, state] of awareness.getStates()) {
    const user = (state as { user?: { name?: unknown; color?: unknown } }).user
    if (!user) continue
    const reading = (state as { reading?: unknown }).reading === true
    const typing = context.typingClock.isTyping(clientId, (state as { typing?: unknown }).typing, now)
    list.push({
      clientId,
      name: typeof user.name === 'string' ? user.name.slice(0, 40) : '',
      color: typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : FALLBACK_WRITER_COLOR,
      self: clientId === self,
      reading,
      typing: typing && !reading && !context.closed,
    })
  }
  context.typingClock.forget(new Set(awareness.getStates().keys()))
  return list.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name, 'fr'))
}
