// The last keystrokes of a page, kept in localStorage when the tab goes away: IndexedDB commits
// asynchronously, and a reload or a closed tab can abort the transactions of the last few
// milliseconds. localStorage writes at once, even while the page unloads; the next visit applies
// the journal to the page (Yjs merges it with what IndexedDB kept) and clears it once stored.
import { fromBase64, toBase64 } from 'lib0/buffer'

const PREFIX = 'carnet:unsaved:'

export function saveJournal(pageId: string, update: Uint8Array): void {
  try {
    localStorage.setItem(PREFIX + pageId, toBase64(update))
  } catch {
    // Storage full or disabled: IndexedDB may still have committed them.
  }
}

export function readJournal(pageId: string): Uint8Array | null {
  try {
    const text = localStorage.getItem(PREFIX + pageId)
    return text ? fromBase64(text) : null
  } catch {
    return null
  }
}

export function clearJournal(pageId: string): void {
  try {
    localStorage.removeItem(PREFIX + pageId)
  } catch {
    // Nothing to clear.
  }
}
