// Folds a page's stored pieces (snapshot and log rows) into one Yjs state, through a fresh
// document: what compaction writes as the new snapshot. Updates waiting for changes the log does
// not hold are kept in the state (Yjs encodes them with it), so nothing is dropped.
import * as Y from 'yjs'
import { applyStoredPage } from './stored-page.js'

export function mergeLog(snapshot: Uint8Array | null, updates: readonly Uint8Array[]): Uint8Array {
  const doc = applyStoredPage({ snapshot, updates })
  try {
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}
