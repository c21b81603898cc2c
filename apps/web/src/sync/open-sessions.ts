// The pages open in this tab, so that an app update or "Effacer mes pages" can wait for their
// last keystrokes to reach IndexedDB, and the courier (features/offline) knows which pages send
// their own changes: it lets go of a page when it opens here, and looks again when one closes.
import type { PageSession } from './page-session.svelte.js'

const sessions = new Set<PageSession>()
const listeners = new Set<(pageId: string, open: boolean) => void>()

export function trackSession(session: PageSession): () => void {
  sessions.add(session)
  for (const listener of listeners) listener(session.pageId, true)
  return () => {
    sessions.delete(session)
    for (const listener of listeners) listener(session.pageId, false)
  }
}

/** Calls `listener` each time a page opens or closes in this tab; returns how to stop. */
export function onSessionsChange(listener: (pageId: string, open: boolean) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export async function whenAllSavedLocally(): Promise<void> {
  await Promise.all([...sessions].map((session) => session.outbox.whenSavedLocally()))
}

export function isOpenInThisTab(pageId: string): boolean {
  return [...sessions].some((session) => session.pageId === pageId)
}
