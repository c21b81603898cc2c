// The room's routes of the API, answered as values (an unreachable server is an expected state in
// a room, not an exception): a page's join codes (`POST /api/pages/<id>/join-codes`), the page a
// typed code opens (`GET /api/join/<code>`), and a room relay bringing a page down from the city
// (`POST /api/pages/<id>/pull`). See docs/protocol.md.
import type { JoinCodesResponse, JoinResponse } from '@carnet/core/http-api'
import { requestJson, type ApiAnswer } from '../../shared/api-json.js'

/**
 * The page's codes: the one that writes when `editKey` is given (403 when it is not the page's),
 * and the one that reads. 409: the server does not hold the page yet (`reason: 'not-stored'`), or it
 * is closed (`reason: 'closed'`).
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
