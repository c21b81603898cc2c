// A page created in this browser carries its first metadata (title, template) to the editor,
// which writes it into the new document once its local copy is open — offline too. A page
// prepared from the previous meeting ("Préparer la réunion suivante") also carries its details,
// its link back and its whole first body.
import type { PmNode } from '@carnet/core/page-schema'
import { isValidPageId } from '@carnet/core/page-id'

const PREFIX = 'carnet:new:'

export interface PageCreation {
  title: string
  /** Template id (packages/core/src/templates), '' for a blank page. */
  template: string
  /** The meeting's day (`YYYY-MM-DD`, '' for none yet); absent, a meeting template takes today. */
  date?: string
  place?: string
  tags?: string[]
  /** The previous meeting's page id: the new page is the next one in its series. */
  previous?: string
  /** The first body, instead of the template's own. */
  body?: PmNode
}

export function queuePageCreation(pageId: string, creation: PageCreation): void {
  try {
    sessionStorage.setItem(PREFIX + pageId, JSON.stringify(creation))
  } catch {
    // Without storage the page simply starts untitled.
  }
}

function readCreation(value: Partial<PageCreation>): PageCreation {
  const creation: PageCreation = { title: String(value.title ?? ''), template: String(value.template ?? '') }
  if (typeof value.date === 'string' && /^(\d{4}-\d{2}-\d{2})?$/.test(value.date)) creation.date = value.date
  if (typeof value.place === 'string') creation.place = value.place
  if (Array.isArray(value.tags)) creation.tags = value.tags.filter((tag): tag is string => typeof tag === 'string')
  if (isValidPageId(value.previous)) creation.previous = value.previous
  if (value.body && typeof value.body === 'object' && value.body.type === 'doc') creation.body = value.body
  return creation
}

export function takePageCreation(pageId: string): PageCreation | null {
  try {
    const raw = sessionStorage.getItem(PREFIX + pageId)
    if (raw === null) return null
    sessionStorage.removeItem(PREFIX + pageId)
    return readCreation(JSON.parse(raw) as Partial<PageCreation>)
  } catch {
    return null
  }
}
