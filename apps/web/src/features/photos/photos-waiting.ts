// Whether photos may wait in this browser to be sent: a mark in localStorage, so that the app's
// start loads the photo sender (and opens IndexedDB) only then. Erased with the rest of `carnet:`.
const PHOTOS_WAITING_KEY = 'carnet:photos-waiting'

export function markWaiting(waiting: boolean): void {
  try {
    if (waiting) localStorage.setItem(PHOTOS_WAITING_KEY, '1')
    else localStorage.removeItem(PHOTOS_WAITING_KEY)
  } catch {
    // Storage disabled: the sender still runs whenever a page is open.
  }
}

export function photosMayWait(): boolean {
  try {
    return localStorage.getItem(PHOTOS_WAITING_KEY) !== null
  } catch {
    return false
  }
}
