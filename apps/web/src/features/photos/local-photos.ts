// The photos kept in this browser with their pages (IndexedDB `carnet-photos`): each photo's bytes
// as they were prepared here (resized, without metadata) or read from a backup, under its page and
// its name, and whether the relay has it yet. A photo taken offline is shown from here at once and
// survives a reload; the sender (photo-sender.ts) takes the waiting ones to the relay. Erasing this
// computer's pages deletes the whole database (features/offline/erase-local-data.ts).
import { markWaiting } from './photos-waiting.js'

export const PHOTO_DATABASE = 'carnet-photos'
const STORE = 'photos'

export type LocalPhotoState = 'waiting' | 'sent' | 'refused'

export interface LocalPhoto {
  pageId: string
  sha256: string
  type: string
  blob: Blob
  /** Size in pixels once prepared (unknown for a backup's photo). */
  width?: number
  height?: number
  addedAt: number
  state: LocalPhotoState
  /**
   * The HTTP status of the relay's refusal: why it will never take a refused photo; why a waiting
   * one waits (403: the page is closed, or this browser may not write it now).
   */
  refusal?: string
}

/** Tells the photos drawn in this tab that one of theirs changed (sent, refused, or just kept). */
export const photoEvents = new EventTarget()

export function notifyPhoto(sha256: string): void {
  photoEvents.dispatchEvent(new CustomEvent<string>('change', { detail: sha256 }))
}

let opening: Promise<IDBDatabase> | null = null

function database(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(PHOTO_DATABASE, 1)
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore(STORE, { keyPath: ['pageId', 'sha256'] })
      store.createIndex('sha256', 'sha256')
      store.createIndex('state', 'state')
    }
    request.onsuccess = () => {
      const db = request.result
      // "Effacer mes pages" deletes the database: let it, and open it again next time.
      db.onversionchange = () => {
        db.close()
        opening = null
      }
      resolve(db)
    }
    request.onerror = () => {
      opening = null
      reject(request.error)
    }
  })
  return opening
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await database()
  return new Promise<T>((resolve, reject) => {
    const transaction = db.transaction(STORE, mode)
    const request = work(transaction.objectStore(STORE))
    // Resolved once committed: a photo said to be kept is on disk.
    transaction.oncomplete = () => resolve(request.result)
    transaction.onerror = () => reject(transaction.error)
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'))
  })
}

/** Keeps a photo (or replaces the record of the same page and name). */
export async function keepPhoto(photo: LocalPhoto): Promise<void> {
  await run('readwrite', (store) => store.put(photo))
  if (photo.state === 'waiting') markWaiting(true)
  notifyPhoto(photo.sha256)
}

/** The photo of that name kept here, for whichever page: the same bytes have the same name. */
export async function findPhoto(sha256: string): Promise<LocalPhoto | null> {
  const found = await run('readonly', (store) => store.index('sha256').get(sha256) as IDBRequest<LocalPhoto | undefined>)
  return found ?? null
}

export async function waitingPhotos(): Promise<LocalPhoto[]> {
  return run('readonly', (store) => store.index('state').getAll('waiting') as IDBRequest<LocalPhoto[]>)
}

/** Records what the relay said of a photo (a waiting one may wait for a reason). */
export async function settlePhoto(photo: LocalPhoto, state: LocalPhotoState, refusal?: string): Promise<void> {
  if (photo.state === state && photo.refusal === refusal) return
  const { refusal: _before, ...rest } = photo
  await run('readwrite', (store) => store.put({ ...rest, state, ...(refusal ? { refusal } : {}) }))
  notifyPhoto(photo.sha256)
}

