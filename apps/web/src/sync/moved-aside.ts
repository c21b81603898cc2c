// A page moved aside on a room relay (its `moved-aside` notice): while the room was cut off, the
// city's Carnet had this page id under another key, so the id is the city's page now and the room's
// text lives on under a new id. This browser's copy of the room's text — with any change the relay
// had not confirmed yet — is carried to the new id's local copy, and the old id's copy is dropped:
// merged with the city's page it would show a mix of both that neither side holds.
import * as Y from 'yjs'
import { IndexeddbPersistence } from 'y-indexeddb'
import { localDatabaseName } from './local-database-name.js'
import { storeBarrier } from './local-first-outbox.js'

/** Stores `state` in page `to`'s local copy (merged with whatever is there), and resolves once committed. */
export async function carryLocalCopy(state: Uint8Array, to: string): Promise<void> {
  const doc = new Y.Doc()
  const local = new IndexeddbPersistence(localDatabaseName(to), doc)
  try {
    await local.whenSynced
    Y.applyUpdate(doc, state)
    if (local.db) await storeBarrier(local.db)
  } finally {
    await local.destroy()
    doc.destroy()
  }
}

/**
 * Deletes the page's local copy. IndexedDB holds the deletion until this tab's session lets go of
 * the database, and opens it again for the next visit only after: that visit starts empty.
 */
export function dropLocalCopy(pageId: string): void {
  try {
    indexedDB.deleteDatabase(localDatabaseName(pageId))
  } catch {
    // IndexedDB unavailable: there was no copy to drop.
  }
}
