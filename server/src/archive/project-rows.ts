// What both archives (SQLite and PostgreSQL) share of a project's lists: the tables' rows as
// they read back, the limits on a list, and the rule for actions carried from meeting to meeting,
// applied in the same way to the rows either database returns.
import { foldForSearch } from '@carnet/core'
import type { ProjectQuery, SeriesFacts, StoredAction, StoredDecision } from './store.js'

export const PROJECT_LIST_DEFAULT_LIMIT = 1000
export const PROJECT_LIST_MAX_LIMIT = 5000
/** Rows read at most for one list of actions: carried copies are dropped after reading. */
export const ACTION_ROWS_READ = 20_000

export function projectListLimit(query: ProjectQuery): number {
  return Math.min(Math.max(Math.trunc(query.limit ?? PROJECT_LIST_DEFAULT_LIMIT), 1), PROJECT_LIST_MAX_LIMIT)
}

export interface StoredItemRow {
  page_id: string
  title: string
  day: string
  position: number
  text: string
  who: string
  what: string
  when_text: string
  due: string
  /** An integer in SQLite, a boolean in PostgreSQL. */
  done: number | boolean
}

export function toDecision(row: StoredItemRow): StoredDecision {
  return { pageId: row.page_id, title: row.title, day: row.day, text: row.text, position: Number(row.position) }
}

export function toAction(row: StoredItemRow): StoredAction {
  return {
    pageId: row.page_id,
    title: row.title,
    day: row.day,
    text: row.text,
    who: row.who,
    what: row.what,
    when: row.when_text,
    due: row.due,
    done: row.done === true || row.done === 1,
    position: Number(row.position),
  }
}

const actionKey = (text: string): string => foldForSearch(text).replace(/\s+/g, ' ').trim()

/**
 * From actions read the most recent meeting first: an action whose words a more recent page also
 * holds was carried there ("Préparer la réunion suivante"), and only that copy counts — done or
 * not as it is there. Then open ones first (the order is kept within each), then `open` and the limit.
 */
export function carriedOnce(actions: readonly StoredAction[], query: ProjectQuery): StoredAction[] {
  const newestPage = new Map<string, string>()
  const kept = actions.filter((action) => {
    const key = actionKey(action.text)
    const page = newestPage.get(key)
    if (page === undefined) newestPage.set(key, action.pageId)
    return page === undefined || page === action.pageId
  })
  const open = kept.filter((action) => !action.done)
  const listed = query.open ? open : [...open, ...kept.filter((action) => action.done)]
  return listed.slice(0, projectListLimit(query))
}

export interface StoredSeriesRow {
  page_id: string
  previous: string | null
  next: string | null
  series: string | null
  size: number | string | null
}

/** A page alone is its own series of one; its key is '' so that lists do not group it. */
export function toSeriesFacts(row: StoredSeriesRow): SeriesFacts {
  const size = Number(row.size ?? 1)
  return { previous: row.previous ?? '', next: row.next ?? '', series: size > 1 ? (row.series ?? '') : '', seriesPages: size > 1 ? size : 1 }
}
