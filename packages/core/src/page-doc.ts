// The page model: one Y.Doc per page, laid out as `XmlFragment('body')` (the Tiptap document)
// and `Map('meta')` (title, template, date, place, tags, licence, closed). Stock y-websocket
// clients, exporters and the relay all read a page through these names.
import * as Y from 'yjs'
import { DEFAULT_LICENCE, findLicence, type LicenceId } from './licences.js'

/** Tiptap's Collaboration extension must be configured with `field: BODY_FIELD`. */
export const BODY_FIELD = 'body'
export const META_MAP = 'meta'

export interface PageMeta {
  title: string
  /** Id of the template the page was created from (`reunion`, `atelier`, …), '' for none. */
  template: string
  /** Day of the meeting, `YYYY-MM-DD`, or '' when unknown. */
  date: string
  place: string
  /** Portails / categories, as on the city wiki. */
  tags: string[]
  licence: LicenceId
  /** Set by the relay when the page is closed at the end of the meeting. */
  closed: boolean
  /** Milliseconds since the epoch, set once by the browser that created the page. */
  createdAt: number
}

export const EMPTY_META: Readonly<PageMeta> = Object.freeze({
  title: '',
  template: '',
  date: '',
  place: '',
  tags: [],
  licence: DEFAULT_LICENCE,
  closed: false,
  createdAt: 0,
})

export const TITLE_MAX_LENGTH = 200
export const TAG_MAX_LENGTH = 60
export const TAGS_MAX_COUNT = 20

export function pageBody(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(BODY_FIELD)
}

export function pageMetaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(META_MAP)
}

/**
 * Reads the meta map defensively: any client may have written anything into it, so each field is
 * checked and falls back to its default rather than trusting the type.
 */
export function readPageMeta(doc: Y.Doc): PageMeta {
  const map = pageMetaMap(doc)
  const text = (key: string, max = TITLE_MAX_LENGTH): string => {
    const value = map.get(key)
    return typeof value === 'string' ? value.slice(0, max) : ''
  }
  const rawTags = map.get('tags')
  const createdAt = map.get('createdAt')
  return {
    title: text('title'),
    template: text('template', 64),
    date: /^\d{4}-\d{2}-\d{2}$/.test(text('date', 10)) ? text('date', 10) : '',
    place: text('place'),
    tags: Array.isArray(rawTags) ? normaliseTags(rawTags) : [],
    licence: findLicence(map.get('licence')).id as LicenceId,
    closed: map.get('closed') === true,
    createdAt: typeof createdAt === 'number' && Number.isFinite(createdAt) ? createdAt : 0,
  }
}

/** Writes the given fields in one transaction; unchanged values are not rewritten. */
export function writePageMeta(doc: Y.Doc, patch: Partial<PageMeta>, origin?: unknown): void {
  const map = pageMetaMap(doc)
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue
      const next = key === 'tags' ? normaliseTags(value as unknown[]) : value
      if (JSON.stringify(map.get(key)) !== JSON.stringify(next)) map.set(key, next)
    }
  }, origin)
}

export function normaliseTags(tags: readonly unknown[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const tag of tags) {
    if (typeof tag !== 'string') continue
    const clean = tag.replace(/\s+/g, ' ').trim().slice(0, TAG_MAX_LENGTH)
    const key = clean.toLocaleLowerCase('fr')
    if (clean && !seen.has(key)) {
      seen.add(key)
      out.push(clean)
    }
    if (out.length >= TAGS_MAX_COUNT) break
  }
  return out
}

/** The text of the title, or a readable fallback for lists and tabs. */
export function displayTitle(meta: Pick<PageMeta, 'title'>, untitled: string): string {
  return meta.title.trim() || untitled
}
