// The parameters of `GET /api/pages` (`q`, `tag`, `from`, `to`, `limit`, `offset`), checked and
// turned into a store query. Anything malformed is refused with a message that says what is
// expected, rather than silently ignored: a wrong date must not look like "no pages that day".
import { TAG_MAX_LENGTH } from '@carnet/core'
import type { PageListQuery } from '../archive/store.js'

export const SEARCH_MAX_LENGTH = 200
export const LIST_DEFAULT_LIMIT = 100
export const LIST_MAX_LIMIT = 1000
const OFFSET_MAX = 1_000_000

export type ParsedPageListQuery = { ok: true; query: PageListQuery } | { ok: false; error: string }

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/

function isIsoDay(text: string): boolean {
  const match = ISO_DAY.exec(text)
  if (!match) return false
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\d{1,9}$/.test(text)) return null
  const value = Number(text)
  return value >= min && value <= max ? value : null
}

export function parsePageListQuery(params: URLSearchParams): ParsedPageListQuery {
  const read = (name: string): string => (params.get(name) ?? '').trim()
  const query: PageListQuery = { limit: LIST_DEFAULT_LIMIT, offset: 0 }

  const text = read('q')
  if (text.length > SEARCH_MAX_LENGTH) return { ok: false, error: `q is too long: at most ${SEARCH_MAX_LENGTH} characters` }
  if (text) query.text = text

  const tag = read('tag')
  if (tag.length > TAG_MAX_LENGTH) return { ok: false, error: `tag is too long: at most ${TAG_MAX_LENGTH} characters` }
  if (tag) query.tag = tag

  for (const name of ['from', 'to'] as const) {
    const day = read(name)
    if (!day) continue
    if (!isIsoDay(day)) return { ok: false, error: `${name} must be a day written YYYY-MM-DD, for example 2026-03-12` }
    query[name] = day
  }
  if (query.from && query.to && query.from > query.to) {
    return { ok: false, error: `from (${query.from}) is after to (${query.to})` }
  }

  const limit = read('limit')
  if (limit) {
    const value = wholeNumber(limit, 1, LIST_MAX_LIMIT)
    if (value === null) return { ok: false, error: `limit must be a whole number from 1 to ${LIST_MAX_LIMIT}` }
    query.limit = value
  }
  const offset = read('offset')
  if (offset) {
    const value = wholeNumber(offset, 0, OFFSET_MAX)
    if (value === null) return { ok: false, error: `offset must be a whole number from 0 to ${OFFSET_MAX}` }
    query.offset = value
  }
  return { ok: true, query }
}
