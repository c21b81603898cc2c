// What the archive's search index holds of a page, read from its document: the metadata, the
// body's words (without an export's title, facts and footer), and how many people wrote it.
import type * as Y from 'yjs'
import { pageBody, readPageMeta, writerNames } from '@carnet/core'
import { fragmentText } from '@carnet/core/fragment-text'
import type { PageIndexEntry } from './store.js'

export function pageIndexEntry(doc: Y.Doc): PageIndexEntry {
  return { meta: readPageMeta(doc), text: fragmentText(pageBody(doc)), writers: writerNames(doc).length }
}
