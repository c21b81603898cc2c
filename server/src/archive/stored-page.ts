// A page as the archive stores it — its last snapshot, then every update left in its log —
// rebuilt into a Y.Doc. One function, so that the relay loading a page, compaction merging a log
// and the API reading a page all rebuild it the same way.
import * as Y from 'yjs'

/** Applies the stored page to `doc` (a fresh one by default) in one transaction, with `origin`. */
export function applyStoredPage(stored: { snapshot: Uint8Array | null; updates: readonly Uint8Array[] }, doc = new Y.Doc(), origin: unknown = null): Y.Doc {
  Y.transact(
    doc,
    () => {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot, origin)
      for (const update of stored.updates) Y.applyUpdate(doc, update, origin)
    },
    origin,
  )
  return doc
}

/** The stored bytes of a page: its snapshot and log rows together. */
export function storedBytes(stored: { snapshot: Uint8Array | null; updates: readonly Uint8Array[] }): number {
  return (stored.snapshot?.length ?? 0) + stored.updates.reduce((sum, update) => sum + update.length, 0)
}
