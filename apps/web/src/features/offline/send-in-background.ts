// Starts the courier (courier.svelte.ts) whenever changes may be waiting with nobody to send them:
// at start, when a page closes in this tab, when the browser says it is back online; and the photo
// sender (features/photos) when photos wait. The courier, the sender and the sync code load only
// then: the home page stays light.
import { localPages } from '../../local-pages/local-pages.svelte.js'
import { isOpenInThisTab, onSessionsChange } from '../../sync/open-sessions.js'
import { photosMayWait } from '../photos/photos-waiting.js'

type Courier = typeof import('./courier.svelte.js')

let courier: Promise<Courier> | null = null

function loadCourier(): Promise<Courier> {
  courier ??= import('./courier.svelte.js')
  return courier
}

export function startSendingInBackground(): void {
  window.addEventListener('online', deliverWaiting)
  window.addEventListener('online', sendWaitingPhotos)
  sendWaitingPhotos()
  onSessionsChange((pageId, open) => {
    if (open) void courier?.then((loaded) => loaded.releasePage(pageId))
    else deliverWaiting()
  })
  deliverWaiting()
}

function deliverWaiting(): void {
  if (!localPages().some((page) => page.pending > 0 && !isOpenInThisTab(page.id))) return
  // Kept on this computer if the code cannot load (offline without the app cached): the next
  // visit tries again.
  loadCourier().then((loaded) => loaded.deliverWaitingPages(), () => {})
}

function sendWaitingPhotos(): void {
  if (!photosMayWait()) return
  import('../photos/photo-sender.js').then((sender) => sender.sendWaitingPhotos(), () => {})
}

/** Sends these pages' waiting changes now, if the relay can be reached (see courier.sendNow). */
export async function sendNow(pageIds: readonly string[]): Promise<{ stillWaiting: string[] }> {
  return (await loadCourier()).sendNow(pageIds)
}

/** Stops every delivery under way (before erasing this computer's pages). */
export async function stopSendingInBackground(): Promise<void> {
  ;(await courier)?.stopDeliveries()
}
