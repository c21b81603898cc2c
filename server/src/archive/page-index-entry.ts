// What the archive's search index holds of a page, read from its document: the metadata, the
// words people wrote in the body (without an export's title, facts and footer, and without the
// template's own headings and hints, which every page made from it shares — the search finds
// those through the template, after the pages where people wrote the words), how many people
// wrote it, and what a project's lists hold of it: its links to the previous and next meetings,
// its decisions and its actions (packages/core/src/project-items).
import type * as Y from 'yjs'
import { pageBody, pageItems, readPageMeta, readSeriesLinks, withoutTemplateText, writerNames } from '@carnet/core'
import { fragmentText } from '@carnet/core/fragment-text'
import { fragmentToJson } from '@carnet/core/from-ydoc'
import type { PageIndexEntry, ProjectEntry } from './store.js'
import { filingDay } from './search-keys.js'

export function projectEntry(doc: Y.Doc): ProjectEntry {
  const meta = readPageMeta(doc)
  // Days written without their year ("pour le 15 mars") are read in the meeting's year.
  return { links: readSeriesLinks(doc), ...pageItems(fragmentToJson(pageBody(doc)), filingDay(meta)) }
}

export function pageIndexEntry(doc: Y.Doc): PageIndexEntry {
  const meta = readPageMeta(doc)
  const text = fragmentText(pageBody(doc))
  return {
    meta,
    text: meta.template ? withoutTemplateText(text, meta.template) : text,
    writers: writerNames(doc).length,
    project: projectEntry(doc),
  }
}
