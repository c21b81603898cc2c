// The pages open in this tab, so that an app update or "Effacer mes pages" can wait for their
// last keystrokes to reach IndexedDB.
import type { PageSession } from './page-session.svelte.js'

const sessions = new Set<PageSession>()

export function trackSession(session: PageSession): () => void {
  sessions.add(session)
  return () => sessions.delete(session)
}

export async function whenAllSavedLocally(): Promise<void> {
  await Promise.all([...sessions].map((session) => session.outbox.whenSavedLocally()))
}

export function isOpenInThisTab(pageId: string): boolean {
  return [...sessions].some((session) => session.pageId === pageId)
}
