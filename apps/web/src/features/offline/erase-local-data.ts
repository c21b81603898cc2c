// "Effacer mes pages de cet ordinateur": removes every trace Carnet leaves in this browser — the
// pages' IndexedDB copies, their photos (kept with them, and those the service worker kept), the
// list of pages and their edit keys, the writer's name and colour. The app shell in the service
// worker's cache is not personal and stays (Carnet keeps opening offline for the next person).
import { localDatabaseName } from '../../sync/local-database-name.js'
import { PHOTO_DATABASE } from '../photos/local-photos.js'
import { PHOTO_CACHE } from '../photos/photo-cache-name.js'

const DATABASE_PREFIX = 'carnet-page-'
const STORAGE_PREFIX = 'carnet:'

export interface EraseResult {
  /** Databases that another open tab kept from being deleted (they go when it closes). */
  blocked: string[]
}

export async function localPageDatabases(knownPageIds: readonly string[]): Promise<string[]> {
  const names = new Set([...knownPageIds.map(localDatabaseName), PHOTO_DATABASE])
  if (typeof indexedDB.databases === 'function') {
    for (const info of await indexedDB.databases()) {
      if (info.name?.startsWith(DATABASE_PREFIX)) names.add(info.name)
    }
  }
  return [...names]
}

function deleteDatabase(name: string): Promise<'deleted' | 'blocked'> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name)
    let blocked = false
    request.onsuccess = () => resolve(blocked ? 'blocked' : 'deleted')
    request.onerror = () => reject(request.error)
    // Another tab holds the database open: deletion completes when it closes.
    request.onblocked = () => {
      blocked = true
      resolve('blocked')
    }
  })
}

export async function eraseLocalData(knownPageIds: readonly string[]): Promise<EraseResult> {
  const blocked: string[] = []
  for (const name of await localPageDatabases(knownPageIds)) {
    if ((await deleteDatabase(name)) === 'blocked') blocked.push(name)
  }
  if (typeof caches !== 'undefined') await caches.delete(PHOTO_CACHE).catch(() => false)
  for (const storage of [localStorage, sessionStorage]) {
    for (const key of Object.keys(storage)) if (key.startsWith(STORAGE_PREFIX)) storage.removeItem(key)
  }
  return { blocked }
}
