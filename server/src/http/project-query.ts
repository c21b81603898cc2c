// The parameters of `GET /api/decisions` and `GET /api/actions` (`tag`, `series`, `open`,
// `limit`), checked and turned into a store query. Anything malformed is refused with a message
// that says what is expected, as for `GET /api/pages`.
import { isValidPageId, TAG_MAX_LENGTH } from '@carnet/core'
import type { ProjectQuery } from '../archive/store.js'
import { PROJECT_LIST_DEFAULT_LIMIT, PROJECT_LIST_MAX_LIMIT } from '../archive/project-rows.js'

export type ParsedProjectQuery = { ok: true; query: ProjectQuery } | { ok: false; error: string }

const KNOWN = { decisions: ['tag', 'series', 'limit'], actions: ['tag', 'series', 'open', 'limit'] } as const

export function parseProjectQuery(params: URLSearchParams, list: 'decisions' | 'actions'): ParsedProjectQuery {
  const read = (name: string): string => (params.get(name) ?? '').trim()
  const query: ProjectQuery = { limit: PROJECT_LIST_DEFAULT_LIMIT }
  for (const name of params.keys()) {
    if (!(KNOWN[list] as readonly string[]).includes(name)) {
      return { ok: false, error: `unknown parameter ${JSON.stringify(name.slice(0, 40))}: expected ${KNOWN[list].join(', ')}` }
    }
  }

  const tag = read('tag')
  if (tag.length > TAG_MAX_LENGTH) return { ok: false, error: `tag is too long: at most ${TAG_MAX_LENGTH} characters` }
  if (tag) query.tag = tag

  const series = read('series')
  if (series && !isValidPageId(series)) return { ok: false, error: 'series must be a page id: 3 to 64 characters among a-z, 0-9 and "-"' }
  if (series) query.series = series

  const open = read('open')
  if (open) {
    if (!['1', '0', 'true', 'false'].includes(open)) return { ok: false, error: 'open must be 1 (only the actions not done) or 0' }
    query.open = open === '1' || open === 'true'
  }

  const limit = read('limit')
  if (limit) {
    const value = /^\d{1,9}$/.test(limit) ? Number(limit) : NaN
    if (!(value >= 1 && value <= PROJECT_LIST_MAX_LIMIT)) return { ok: false, error: `limit must be a whole number from 1 to ${PROJECT_LIST_MAX_LIMIT}` }
    query.limit = value
  }
  return { ok: true, query }
}
