// A page created in this browser gets its first metadata and its template's body, once, when its
// local copy is open (offline too). Separate from page-creation.ts, which the home page imports:
// this one brings Yjs.
import type * as Y from 'yjs'
import { findTemplate } from '@carnet/core/templates'
import { pageBody, readPageMeta, writePageMeta } from '@carnet/core/page-doc'
import { writeSeriesLinks } from '@carnet/core/series'
import { jsonToFragment } from '@carnet/core/to-ydoc'
import type { PageCreation } from './page-creation.js'
import { isoDay } from './suggested-title.js'

/** Writes the creation into the page unless the page was already created (somewhere else, or before). */
export function applyPageCreation(doc: Y.Doc, creation: PageCreation, language: 'fr' | 'en', now: Date): void {
  if (readPageMeta(doc).createdAt) return
  const template = findTemplate(creation.template)
  const date = creation.date ?? (template?.meta?.dateIsToday ? isoDay(now) : '')
  doc.transact(() => {
    writePageMeta(doc, {
      title: creation.title,
      template: creation.template,
      createdAt: now.getTime(),
      ...(date ? { date } : {}),
      ...(template?.meta?.licence ? { licence: template.meta.licence } : {}),
      ...(creation.place ? { place: creation.place } : {}),
      ...(creation.tags?.length ? { tags: creation.tags } : {}),
    })
    if (creation.previous) writeSeriesLinks(doc, { previous: creation.previous })
    const body = creation.body ?? template?.body[language]
    if (body && pageBody(doc).length === 0) jsonToFragment(body, pageBody(doc))
  })
}
