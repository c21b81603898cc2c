// What the archive's search index holds of a page, read from its document: the metadata, the
// words people wrote in the body (without an export's title, facts and footer, and without the
// template's own headings and hints, which every page made from it shares — the search finds
// those through the template, after the pages where people wrote the words), and how many people
// wrote it.
import type * as Y from 'yjs'
import { pageBody, readPageMeta, withoutTemplateText, writerNames } from '@carnet/core'
import { fragmentText } from '@carnet/core/fragment-text'
import type { PageIndexEntry } from './store.js'

export function pageIndexEntry(doc: Y.Doc): PageIndexEntry {
  const meta = readPageMeta(doc)
  const text = fragmentText(pageBody(doc))
  return { meta, text: meta.template ? withoutTemplateText(text, meta.template) : text, writers: writerNames(doc).length }
}
