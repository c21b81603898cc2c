// The service worker (vite-plugin-pwa, Workbox): precaches the app shell so Carnet opens with no
// network. A new version waits for the writer's consent, and switching only happens once every
// open page has its last keystrokes in IndexedDB: an update never drops a pending edit.
import { registerSW } from 'virtual:pwa-register'
import { whenAllSavedLocally } from '../../sync/open-sessions.js'

const state = $state({ needRefresh: false, offlineReady: false, updating: false })
let updateServiceWorker: ((reloadPage?: boolean) => Promise<void>) | null = null

export function serviceWorkerState(): Readonly<typeof state> {
  return state
}

export function startServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return
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
