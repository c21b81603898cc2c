// Reads a page's current document for the HTTP API: from the relay's memory when the page is
// open (it may hold changes newer than the last snapshot), otherwise from the archive.
import * as Y from 'yjs'
import type { PageStore } from './store.js'

export interface LoadedDocs {
  loadedDoc(pageId: string): Y.Doc | undefined
}

/** The page's document, or `null` when the archive has never stored it. */
export async function readPageDoc(pageId: string, store: PageStore, loaded: LoadedDocs): Promise<Y.Doc | null> {
  const live = loaded.loadedDoc(pageId)
  if (live) return live
  const stored = await store.loadPage(pageId)
  if (!stored) return null
  const doc = new Y.Doc()
  Y.transact(doc, () => {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
    for (const update of stored.updates) Y.applyUpdate(doc, update)
  })
  return doc
}
