// The app's addresses, as a pure function from a path to a route (tested without a browser).
import { isValidPageId } from '@carnet/core/page-id'

export type Route =
  | { name: 'home' }
  | { name: 'archive' }
  | { name: 'editor'; pageId: string }
  | { name: 'projector'; pageId: string }
  | { name: 'history'; pageId: string }
  /** `/j/<code>`: a join code typed in the address bar, as typed (checked by the join page). */
  | { name: 'join'; code: string }
  | { name: 'invalid-page'; raw: string }
  | { name: 'not-found' }

const PAGE_PATH = /^\/p\/([^/]+)(?:\/(projector|history))?\/?$/
const JOIN_PATH = /^\/j\/([^/]+)\/?$/i

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'home' }
  if (pathname === '/archive' || pathname === '/archive/') return { name: 'archive' }
  const join = JOIN_PATH.exec(pathname)
  if (join) return { name: 'join', code: decoded(join[1]!) }
  const match = PAGE_PATH.exec(pathname)
  if (!match) return { name: 'not-found' }
  const raw = decoded(match[1]!)
  if (!isValidPageId(raw)) return { name: 'invalid-page', raw }
  const view = match[2]
  if (view === 'projector') return { name: 'projector', pageId: raw }
  if (view === 'history') return { name: 'history', pageId: raw }
  return { name: 'editor', pageId: raw }
}

/** A path segment decoded; kept as typed when it is not valid percent-encoding (reported as wrong later). */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

export function pagePath(pageId: string, view?: 'projector' | 'history'): string {
  return view ? `/p/${pageId}/${view}` : `/p/${pageId}`
}
