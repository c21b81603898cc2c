// The service worker (vite-plugin-pwa, Workbox): precaches the app shell so Carnet opens with no
// network. A new version waits for the writer's consent, and switching only happens once every
// open page has its last keystrokes in IndexedDB: an update never drops a pending edit. Where the
// browser refuses service workers (plain http on a room's network is not a secure context), that
// is said once on this browser rather than left to fail silently: pages written stay in IndexedDB,
// only opening Carnet without the network is lost.
import { registerSW } from 'virtual:pwa-register'
import { whenAllSavedLocally } from '../../sync/open-sessions.js'

/** Remembers that the person was told this address cannot work offline. */
const UNAVAILABLE_TOLD_KEY = 'carnet:no-offline-told'

const state = $state({ needRefresh: false, offlineReady: false, updating: false, unavailable: false })
let updateServiceWorker: ((reloadPage?: boolean) => Promise<void>) | null = null

export function serviceWorkerState(): Readonly<typeof state> {
  return state
}

export function startServiceWorker(): void {
  if (!('serviceWorker' in navigator)) {
    state.unavailable = !toldUnavailable()
    return
  }
  updateServiceWorker = registerSW({
    immediate: true,
    onNeedRefresh() {
      state.needRefresh = true
    },
    onOfflineReady() {
      state.offlineReady = true
    },
  })
}

export async function applyUpdate(): Promise<void> {
  state.updating = true
  await whenAllSavedLocally()
  await updateServiceWorker?.(true)
}

export function dismissOfflineReady(): void {
  state.offlineReady = false
}

export function dismissUpdate(): void {
  state.needRefresh = false
}

/** "Compris": not said again on this browser. */
export function dismissUnavailable(): void {
  state.unavailable = false
  try {
    localStorage.setItem(UNAVAILABLE_TOLD_KEY, '1')
  } catch {
    // Said again next visit: no harm.
  }
}

function toldUnavailable(): boolean {
  try {
    return localStorage.getItem(UNAVAILABLE_TOLD_KEY) === '1'
  } catch {
    return false
  }
}
