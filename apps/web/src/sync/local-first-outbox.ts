// Local first, network second: every local change is committed to this browser's IndexedDB copy
// before the relay hears of it. y-indexeddb writes each update in its own readwrite transaction
// on the `updates` store; IndexedDB runs transactions on the same store in creation order, so
// once a later (empty) transaction on that store completes, every earlier write has committed.
// Updates waiting for that barrier are merged and sent as one message, after which queries that
// ask the relay to confirm storage follow in order.
//
// This takes over a private member of y-websocket's WebsocketProvider, `_updateHandler` (its "send
// every doc update at once" listener): it is unregistered from the doc and replaced by the
// outbox's. local-first-outbox.test.ts pins that behaviour of the pinned y-websocket version.
import * as Y from 'yjs'
import type { IndexeddbPersistence } from 'y-indexeddb'
import type { WebsocketProvider } from 'y-websocket'
import { encodeSyncUpdate } from '@carnet/core'
import { changeSource, type ChangeOrigins } from './change-source.js'

type Outgoing = { kind: 'update'; update: Uint8Array } | { kind: 'frame'; frame: Uint8Array<ArrayBuffer> }

/** What the outbox needs of the page's y-indexeddb copy. */
export type LocalCopy = Pick<IndexeddbPersistence, 'db' | 'whenSynced'>

/** Resolves once every readwrite transaction created before it on the store has committed. */
export function storeBarrier(db: IDBDatabase, storeName = 'updates'): Promise<void> {
  return new Promise((resolve, reject) => {
    const transaction = db.transaction([storeName], 'readwrite')
    transaction.oncomplete = () => resolve()
    transaction.onerror = () => reject(transaction.error)
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'))
  })
}

/** IndexedDB may be unavailable (private windows, broken profiles): do not hold the network forever. */
const LOCAL_OPEN_TIMEOUT_MS = 3_000

function openedWithin(local: LocalCopy, ms: number): Promise<IDBDatabase | null> {
  return Promise.race([
    local.whenSynced.then(() => local.db),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), ms)),
  ])
}

export class LocalFirstOutbox {
  private queue: Outgoing[] = []
  private flushing = false
  private destroyed = false
  /** Local changes created but not yet known to be committed to IndexedDB, oldest first. */
  private unsaved: Uint8Array[] = []
  private idleWaiters: Array<() => void> = []
  private readonly origins: ChangeOrigins

  constructor(
    private readonly doc: Y.Doc,
    private readonly provider: WebsocketProvider,
    private readonly local: LocalCopy,
  ) {
    this.origins = { provider, local }
    // Take over the provider's own "send every update at once" listener.
    doc.off('update', provider._updateHandler)
    provider._updateHandler = this.onUpdate
    doc.on('update', this.onUpdate)
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    const source = changeSource(origin, this.origins)
    if (source === 'relay') return
    // Changes read back from IndexedDB are already stored; they still go to the relay.
    if (source === 'this-tab') this.unsaved.push(update)
    this.queue.push({ kind: 'update', update })
    void this.flush()
  }

  /** Sends a frame once everything queued before it has been stored locally and sent. */
  sendAfterLocalWrites(frame: Uint8Array<ArrayBuffer>): void {
    this.queue.push({ kind: 'frame', frame })
    void this.flush()
  }

  /** Local changes not yet known to be in IndexedDB, as one update (null when there are none). */
  unsavedChanges(): Uint8Array | null {
    if (this.unsaved.length === 0) return null
    return this.unsaved.length === 1 ? this.unsaved[0]! : Y.mergeUpdates(this.unsaved)
  }

  /** Resolves when every local change so far is committed to IndexedDB. */
  whenSavedLocally(): Promise<void> {
    if (this.unsaved.length === 0 && !this.flushing) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.destroyed) return
    this.flushing = true
    try {
      while (this.queue.length > 0 && !this.destroyed) {
        const batch = this.queue
        const covered = this.unsaved.length
        this.queue = []
        const db = this.local.db ?? (await openedWithin(this.local, LOCAL_OPEN_TIMEOUT_MS))
        if (db) await storeBarrier(db)
        this.unsaved.splice(0, covered)
        this.send(batch)
      }
    } catch {
      // IndexedDB refused (private mode, quota): the network copy is all there is; send anyway
      // rather than keep the writer's text to this tab alone.
      this.send(this.queue.splice(0))
      this.unsaved = []
    } finally {
      this.flushing = false
      if (this.unsaved.length === 0) for (const resolve of this.idleWaiters.splice(0)) resolve()
      if (this.queue.length > 0) void this.flush()
    }
  }

  private send(batch: Outgoing[]): void {
    const ws = this.provider.ws
    if (!this.provider.wsconnected || !ws || ws.readyState !== ws.OPEN) return
    let updates: Uint8Array[] = []
    const sendUpdates = () => {
      if (updates.length === 0) return
      ws.send(encodeSyncUpdate(updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates)))
      updates = []
    }
    for (const item of batch) {
      if (item.kind === 'update') updates.push(item.update)
      else {
        sendUpdates()
        ws.send(item.frame)
      }
    }
    sendUpdates()
  }

  destroy(): void {
    this.destroyed = true
    this.doc.off('update', this.onUpdate)
    for (const resolve of this.idleWaiters.splice(0)) resolve()
  }
}
