// Reads a page's documents for the HTTP API: the current one from the relay's memory when the page
// is open (it may hold changes newer than the last snapshot), otherwise from the archive; and any
// version of its history.
import * as Y from 'yjs'
import type { PageStore, PageVersion } from './store.js'

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

/** A version of the page and its document, or `null` when the page has no such version. */
export async function readVersionDoc(pageId: string, versionId: number, store: PageStore): Promise<{ version: PageVersion; doc: Y.Doc } | null> {
  const version = await store.loadVersion(pageId, versionId)
  if (!version) return null
  const doc = new Y.Doc()
  Y.applyUpdate(doc, version.state)
  return { version, doc }
}
