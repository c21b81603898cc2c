// Join codes over HTTP (see packages/core/src/join-code.ts): `POST /api/pages/<id>/join-codes`
// gives the page's codes — one that writes, for whoever brings the edit key in `X-Carnet-Key`, and
// one that reads, for anyone — minting them on first ask; `GET /api/join/<code>` answers the page
// a code opens, with the edit key when the code writes. A code lives for the meeting: until the
// page is closed, or `JOIN_CODE_LIFETIME_MS`. Guesses are limited per server process, not per
// address (a whole public internet room shares one address): see docs/room.md for the bound.
import type { IncomingMessage, ServerResponse } from 'node:http'
import {

  isValidEditKey,
  isValidPageId,
  newJoinCode,
  normaliseJoinCode,
  type JoinCodeInfo,
  type JoinCodesResponse,
  type JoinResponse,
} from '@carnet/core'
import type { AccessRecords, JoinCode, JoinCodes } from '../archive/store.js'
import { keyMatches } from '../relay/page-rights.js'
import { TokenBucket } from '../relay/socket-budget.js'
import { decodePathSegment } from './path-segment.js'
import { sendError, sendJson } from './respond.js'

/** A meeting's length, and then some: a code on the wall is not good for days. */
export const JOIN_CODE_LIFETIME_MS = 12 * 3_600_000
/** Look-ups per second a server process answers, whoever asks (codes typed in rooms, and guesses). */
export const JOIN_LOOKUPS_PER_SECOND = 5
export const JOIN_LOOKUP_BURST = 60

const CODES_ROUTE = /^\/api\/pages\/([^/]+)\/join-codes$/
const JOIN_ROUTE = /^\/api\/join\/([^/]+)$/

export interface JoinCodeDeps {
  store: JoinCodes & Pick<AccessRecords, 'getAccess'>
  lookups: TokenBucket
}

export function joinLookupBudget(): TokenBucket {
  return new TokenBucket(JOIN_LOOKUPS_PER_SECOND, JOIN_LOOKUP_BURST, performance.now())
}

/** Answers the request if it is a join-code route; returns false otherwise. */
export async function handleJoinCodes(req: IncomingMessage, res: ServerResponse, url: URL, deps: JoinCodeDeps): Promise<boolean> {
  const codes = CODES_ROUTE.exec(url.pathname)
  if (codes && req.method === 'POST') {
    await pageCodes(req, res, decodePathSegment(codes[1]!), deps)
    return true
  }
  const join = JOIN_ROUTE.exec(url.pathname)
  if (join && (req.method === 'GET' || req.method === 'HEAD')) {
    await lookUp(res, decodePathSegment(join[1]!), deps)
    return true
  }
  return false
}

async function pageCodes(req: IncomingMessage, res: ServerResponse, pageId: string, deps: JoinCodeDeps): Promise<void> {
  if (!isValidPageId(pageId)) {
    sendError(res, 400, 'invalid page id: expected 3 to 64 characters among a-z, 0-9 and "-"')
    return
  }
  const header = req.headers['x-carnet-key']
  const key = Array.isArray(header) ? header[0] : header
  if (key !== undefined && !isValidEditKey(key)) {
    sendError(res, 400, 'invalid edit key in X-Carnet-Key')
    return
  }
  const access = await deps.store.getAccess(pageId)
  if (!access) {
    sendJson(res, 409, { error: 'this page is not saved on this server yet: codes can be made once it is (in a moment, online)', reason: 'not-stored' })
    return
  }
  if (access.closed) {
    sendJson(res, 409, { error: 'this page is closed: its meeting is over, it has no join codes', reason: 'closed' })
    return
  }
  if (key !== undefined && !keyMatches(access, key)) {
    sendError(res, 403, 'this is not the page’s edit key: only its holder gets a code that writes')
    return
  }
  const now = Date.now()
  const live = await deps.store.pageJoinCodes(pageId, now)
  const read = live.find((code) => code.editKey === null) ?? (await mint(deps.store, pageId, null, now))
  const edit = key === undefined ? null : (live.find((code) => code.editKey === key) ?? (await mint(deps.store, pageId, key, now)))
  const body: JoinCodesResponse = { edit: edit ? info(edit) : null, read: info(read) }
  sendJson(res, 200, body)
}

async function lookUp(res: ServerResponse, typed: string, deps: JoinCodeDeps): Promise<void> {
  if (!deps.lookups.take(performance.now())) {
    sendError(res, 429, 'too many codes tried on this server just now: try again in a few seconds', { 'Retry-After': '5' })
    return
  }
  const code = normaliseJoinCode(typed)
  const now = Date.now()
  const found = code ? await deps.store.findJoinCode(code, now) : null
  const access = found ? await deps.store.getAccess(found.pageId) : null
  if (!found || !access || access.closed) {
    // A page closed since: its meeting is over, and so are its codes.
    if (found) await deps.store.forgetJoinCodes(found.pageId, now)
    sendError(res, 404, 'unknown or expired code: check it on the wall, or ask the facilitator for the page’s address')
    return
  }
  const body: JoinResponse = found.editKey ? { pageId: found.pageId, key: found.editKey } : { pageId: found.pageId }
  sendJson(res, 200, body)
}

async function mint(store: JoinCodes, pageId: string, editKey: string | null, now: number): Promise<JoinCode> {
  // Expired codes go at the same time, so the table only holds live meetings.
  await store.forgetJoinCodes(null, now)
  for (;;) {
    const code: JoinCode = { code: newJoinCode(), pageId, editKey, expiresAt: now + JOIN_CODE_LIFETIME_MS }
    if (await store.addJoinCode(code)) return code
  }
}

function info(code: JoinCode): JoinCodeInfo {
  return { code: code.code, expiresAt: new Date(code.expiresAt).toISOString() }
}

