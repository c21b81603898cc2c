// Who is on a page, read from awareness: each client's `user` (name, colour), whether it typed in
// the last few seconds, and which one is this browser.
import type { Awareness } from 'y-protocols/awareness'
import { FALLBACK_WRITER_COLOR } from './palette.js'

const TYPING_WINDOW_MS = 5_000

export interface Present {
  clientId: number
  name: string
  color: string
  self: boolean
  typing: boolean
}

export function readPresence(awareness: Awareness, now = Date.now()): Present[] {
  const self = awareness.clientID
  const list: Present[] = []
  for (const [clientId, state] of awareness.getStates()) {
    const user = (state as { user?: { name?: unknown; color?: unknown } }).user
    if (!user) continue
    const typing = (state as { typing?: unknown }).typing
    list.push({
      clientId,
      name: typeof user.name === 'string' ? user.name.slice(0, 40) : '',
      color: typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : FALLBACK_WRITER_COLOR,
      self: clientId === self,
      typing: typeof typing === 'number' && now - typing < TYPING_WINDOW_MS,
    })
  }
  return list.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name, 'fr'))
}
