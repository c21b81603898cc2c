// Who may write a page, from its access record and the key a connection brought (docs/protocol.md,
// "Rights"): capability links, no accounts. The relay keeps only a hash of the edit key; the first
// connection that brings a key to an unclaimed page claims it, and an unclaimed page first written
// without a key becomes open to all (so stock y-websocket clients keep working).
import { createHash, timingSafeEqual } from 'node:crypto'
import type { AccessState } from '@carnet/core'
import type { PageAccess } from '../archive/store.js'

export function hashEditKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

export function keyMatches(access: PageAccess | null, key: string | undefined): boolean {
  if (!access?.keyHash || !key) return false
  const given = Buffer.from(hashEditKey(key), 'hex')
  const stored = Buffer.from(access.keyHash, 'hex')
  return given.length === stored.length && timingSafeEqual(given, stored)
}

/** The record after a connection with `key` joins: an unclaimed page is claimed by its key. */
export function claimOnJoin(access: PageAccess | null, key: string | undefined): PageAccess | null {
  if (access || !key) return access
  return { keyHash: hashEditKey(key), openToAll: false, closed: false }
}

/** The record after a keyless connection writes to an unclaimed page: open to all. */
export function claimOnWrite(access: PageAccess | null): PageAccess {
  return access ?? { keyHash: null, openToAll: true, closed: false }
}

export function accessState(access: PageAccess | null, key: string | undefined): AccessState {
  const hasKey = keyMatches(access, key)
  // Unclaimed: whoever writes first decides, so writing is allowed.
  const openToAll = access === null || access.openToAll
  const closed = access?.closed ?? false
  return { canWrite: !closed && (openToAll || hasKey), openToAll, closed, hasKey }
}

/**
 * What a relay this one trusts may do (a room relay and the city's, over their link): it has
 * already judged its own clients' changes with the same record, so its changes are taken — even
 * on a page closed meanwhile, since they were made before its side heard of the closing.
 */
export function linkedRelayState(access: PageAccess | null): AccessState {
  return { canWrite: true, openToAll: access === null || access.openToAll, closed: access?.closed ?? false, hasKey: false }
}
