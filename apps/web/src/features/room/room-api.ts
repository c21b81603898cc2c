// The room's routes of the API, answered as values (an unreachable server is an expected state in
// a room, not an exception): a page's join codes (`POST /api/pages/<id>/join-codes`), the page a
// typed code opens (`GET /api/join/<code>`), and a room relay bringing a page down from the city
// (`POST /api/pages/<id>/pull`). See docs/protocol.md.
import type { ApiError, JoinCodesResponse, JoinResponse } from '@carnet/core/http-api'

export type ApiAnswer<T> = { ok: true; value: T } | { ok: false; status: number | 'offline'; message: string }

async function requestJson<T>(path: string, init: RequestInit = {}): Promise<ApiAnswer<T>> {
  let res: Response
  try {
    res = await fetch(path, { ...init, headers: { Accept: 'application/json', ...init.headers } })
  } catch (error) {
    return { ok: false, status: 'offline', message: (error as Error).message }
  }
  let body: unknown = null
  try {
    body = await res.json()
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  if (!res.ok) {
    const message = (body as Partial<ApiError> | null)?.error
    return { ok: false, status: res.status, message: typeof message === 'string' ? message : `HTTP ${res.status}` }
  }
  return { ok: true, value: body as T }
}

/**
 * The page's codes: the one that writes when `editKey` is given (403 when it is not the page's),
 * and the one that reads. 409: the server does not hold the page yet, or it is closed.
 */
export function fetchJoinCodes(pageId: string, editKey: string | undefined): Promise<ApiAnswer<JoinCodesResponse>> {
  return requestJson<JoinCodesResponse>(`/api/pages/${encodeURIComponent(pageId)}/join-codes`, {
    method: 'POST',
    headers: editKey ? { 'X-Carnet-Key': editKey } : {},
  })
}

/** The page a code opens, with its edit key when the code writes. 404: unknown or expired; 429: too many tries. */
export function lookUpJoinCode(code: string): Promise<ApiAnswer<JoinResponse>> {
  return requestJson<JoinResponse>(`/api/join/${encodeURIComponent(code)}`)
}

/** A room relay brings the page down from the city now. 503: the link to the city is down. */
export function pullPage(pageId: string): Promise<ApiAnswer<unknown>> {
  return requestJson<unknown>(`/api/pages/${encodeURIComponent(pageId)}/pull`, { method: 'POST' })
}
