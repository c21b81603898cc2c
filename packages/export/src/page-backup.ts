// The `.carnet` backup file: the page's whole Y.Doc as one plain Yjs update
// (`Y.encodeStateAsUpdate`), nothing around it. Any Yjs program can read it with `Y.applyUpdate`;
// applied to an empty doc under a new page id (or on another Carnet server), it gives the same
// page — body, meta, writers — with its edit history folded in.
import { pageBody, pageMetaMap } from '@carnet/core'
import * as Y from 'yjs'

export const PAGE_BACKUP_FORMAT = {
  id: 'yjs',
  label: 'Sauvegarde Carnet (Yjs)',
  extension: 'carnet',
  contentType: 'application/octet-stream',
} as const

export class PageBackupError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PageBackupError'
  }
}

export function encodePageBackup(doc: Y.Doc): Uint8Array {
  return Y.encodeStateAsUpdate(doc)
}

/** Reads a backup into a new doc; throws `PageBackupError` when the bytes are not a Carnet page. */
export function decodePageBackup(bytes: Uint8Array): Y.Doc {
  const doc = new Y.Doc()
  try {
    // Parsed fully first: a truncated file must fail here, not leave a half-applied doc.
    Y.decodeUpdate(bytes)
    Y.applyUpdate(doc, bytes)
  } catch {
    doc.destroy()
    throw new PageBackupError('this file is not a Carnet backup: it is not a Yjs update')
  }
  if (doc.store.pendingStructs !== null || (pageBody(doc).length === 0 && pageMetaMap(doc).size === 0)) {
    doc.destroy()
    throw new PageBackupError('this file is not a Carnet backup: it holds no page')
  }
  return doc
}
