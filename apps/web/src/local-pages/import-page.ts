// "Importer": turns a Markdown file or a `.carnet` backup into a new page of this computer. The new
// page's document is written straight into its IndexedDB copy, then opened like any page: it
// reaches the relay with its first sync, offline or not.
import * as Y from 'yjs'
import { IndexeddbPersistence } from 'y-indexeddb'
import { newEditKey } from '@carnet/core/edit-key'
import { newPageId, slugify } from '@carnet/core/page-id'
import { pageBody, readPageMeta, writePageMeta } from '@carnet/core/page-doc'
import { localDatabaseName } from '../sync/local-database-name.js'

export const IMPORT_MAX_BYTES = 16 * 1024 * 1024

export class ImportError extends Error {
  constructor(readonly reason: 'too-large' | 'unreadable' | 'not-a-page') {
    super(reason)
    this.name = 'ImportError'
  }
}

export interface ImportedPage {
  pageId: string
  editKey: string
  title: string
}

async function docFromFile(file: File): Promise<Y.Doc> {
  const doc = new Y.Doc()
  if (/\.carnet$/i.test(file.name)) {
    try {
      Y.applyUpdate(doc, new Uint8Array(await file.arrayBuffer()))
    } catch {
      throw new ImportError('unreadable')
    }
    if (pageBody(doc).length === 0 && doc.getMap('meta').size === 0) throw new ImportError('not-a-page')
    // An imported page starts open for writing, whatever its source's state.
    writePageMeta(doc, { closed: false })
    return doc
  }
  const { markdownToJson } = await import('@carnet/export/import-markdown')
  const { jsonToFragment } = await import('@carnet/core/to-ydoc')
  const imported = markdownToJson(await file.text())
  const fallbackTitle = file.name.replace(/\.(md|markdown|txt)$/i, '')
  doc.transact(() => {
    writePageMeta(doc, { title: (imported.title ?? fallbackTitle).slice(0, 200), createdAt: Date.now() })
    jsonToFragment(imported.body, pageBody(doc))
  })
  return doc
}

export async function importPage(file: File): Promise<ImportedPage> {
  if (file.size > IMPORT_MAX_BYTES) throw new ImportError('too-large')
  const doc = await docFromFile(file)
  const title = readPageMeta(doc).title
  const pageId = newPageId(slugify(title).slice(0, 30) || 'import')
  const local = new IndexeddbPersistence(localDatabaseName(pageId), doc)
  // Opening the database writes the whole document into it first.
  await local.whenSynced
  await local.destroy()
  doc.destroy()
  return { pageId, editKey: newEditKey(), title }
}
