// The documents the HTTP API reads: a page's current one from the relay's memory when the page is
// open (it may hold changes newer than the archive's last snapshot), otherwise rebuilt from the
// archive; and any version of its history.
import * as Y from 'yjs'
import type { PageHistory, PageLog, PageVersion } from '../archive/store.js'
import { applyStoredPage } from '../archive/stored-page.js'

/** The pages the relay holds in memory right now. */
export interface LoadedDocs {
  loadedDoc(pageId: string): Y.Doc | undefined
}

/** The page's document, or `null` when the archive has never stored it. */
export async function readPageDoc(pageId: string, store: PageLog, loaded: LoadedDocs): Promise<Y.Doc | null> {
  const live = loaded.loadedDoc(pageId)
  if (live) return live
  const stored = await store.loadPage(pageId)
  return stored ? applyStoredPage(stored) : null
}

/** A version of the page and its document, or `null` when the page has no such version. */
export async function readVersionDoc(pageId: string, versionId: number, store: PageHistory): Promise<{ version: PageVersion; doc: Y.Doc } | null> {
  const version = await store.loadVersion(pageId, versionId)
  if (!version) return null
  const doc = new Y.Doc()
  Y.applyUpdate(doc, version.state)
  return { version, doc }
}
