// Pages with changes still waiting are sent as soon as the network allows, even when nobody opens
// them again: on a shared computer, the next person may never reopen a page written offline.
// Each is opened without an editor, synced and confirmed by the relay (send-waiting-pages); a page
// open in this tab sends its own.
import { localPages } from '../../local-pages/local-pages.svelte.js'
import { isOpenInThisTab } from '../../sync/open-sessions.js'

let sending = false

export function startSendingInBackground(): void {
  window.addEventListener('online', () => void sendWaiting())
  void sendWaiting()
}

async function sendWaiting(): Promise<void> {
  if (sending || !navigator.onLine) return
  const waiting = localPages()
    .filter((page) => page.pending > 0 && !isOpenInThisTab(page.id))
    .map((page) => page.id)
  if (waiting.length === 0) return
  sending = true
  try {
    // Yjs and the sync code load only when something waits: the home page stays light.
    const { sendWaitingPages } = await import('./send-waiting-pages.svelte.js')
    await sendWaitingPages(waiting)
  } catch {
    // Kept on this computer: the next 'online' or the next visit tries again.
  } finally {
    sending = false
  }
}
