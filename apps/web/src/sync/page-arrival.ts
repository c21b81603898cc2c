// Arriving at a page in the editor: the edit key this browser writes it with — the one in the
// address first, else the one kept from an earlier visit — remembered for the next visit, and
// shown in the address bar so that copying the address shares the edit link.
import { isValidEditKey } from '@carnet/core/edit-key'
import { localPage, rememberPage } from '../local-pages/local-pages.svelte.js'

/** The edit key in an address fragment (`#k=…`), when it is a valid one. */
export function editKeyFromHash(hash: string): string | undefined {
  const key = new URLSearchParams(hash.replace(/^#/, '')).get('k') ?? undefined
  return isValidEditKey(key) ? key : undefined
}

/** The key to write a page with from here: the address's, else the one this browser kept. */
export function editKeyFor(pageId: string, hash: string): string | undefined {
  return editKeyFromHash(hash) ?? localPage(pageId)?.editKey
}

export interface PageArrival {
  editKey: string | undefined
  /** Opened here for the first time, without an edit link: maybe a mistyped address. */
  firstVisitWithoutKey: boolean
}

export function arriveAtPage(pageId: string, hash: string): PageArrival {
  const firstVisitWithoutKey = localPage(pageId) === undefined && editKeyFromHash(hash) === undefined
  const editKey = editKeyFor(pageId, hash)
  rememberPage(pageId, { lastOpened: Date.now(), ...(editKey ? { editKey } : {}) })
  if (editKey && !editKeyFromHash(location.hash)) history.replaceState(null, '', `${location.pathname}#k=${editKey}`)
  return { editKey, firstVisitWithoutKey }
}
