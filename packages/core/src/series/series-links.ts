// Meetings that follow each other: a page's link to the meeting before it and the one after it,
// kept in `Map('meta')` as `previous` and `next` (page ids; absent or '' for none). Pages linked
// this way, in either direction, form a series — a project's thread. Read apart from the page's
// other details (PageMeta) because exports and restores treat them differently: a link names
// another page, and restoring an old version of this one must not cut the thread.
import type * as Y from 'yjs'
import { isValidPageId } from '../page-id.js'
import { pageMetaMap } from '../page-doc.js'

export interface SeriesLinks {
  /** Id of the previous meeting's page, '' for none. */
  previous: string
  /** Id of the next meeting's page, '' for none. */
  next: string
}

export const NO_SERIES_LINKS: Readonly<SeriesLinks> = Object.freeze({ previous: '', next: '' })

function linkOf(value: unknown, self: string | undefined): string {
  return isValidPageId(value) && value !== self ? value : ''
}

/** The page's links, each checked: anything but a valid page id (or the page itself) reads as none. */
export function readSeriesLinks(doc: Y.Doc, pageId?: string): SeriesLinks {
  const map = pageMetaMap(doc)
  return { previous: linkOf(map.get('previous'), pageId), next: linkOf(map.get('next'), pageId) }
}

/** Writes the given links in one transaction ('' removes one); unchanged values are not rewritten. */
export function writeSeriesLinks(doc: Y.Doc, patch: Partial<SeriesLinks>, origin?: unknown): void {
  const map = pageMetaMap(doc)
  doc.transact(() => {
    for (const key of ['previous', 'next'] as const) {
      const value = patch[key]
      if (value === undefined) continue
      if (value === '') {
        if (map.has(key)) map.delete(key)
      } else if (isValidPageId(value) && map.get(key) !== value) {
        map.set(key, value)
      }
    }
  }, origin)
}
