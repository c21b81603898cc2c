// Where a change to a page's Y.Doc came from, named once for everything that listens to the
// page: the relay (the y-websocket provider applies what it receives with itself as the origin),
// this browser's IndexedDB copy (y-indexeddb applies what it reads back with itself as the
// origin), or this tab (the editor, the title and details, a restored version). Only changes
// from this tab are the writer's own: they are counted until the relay confirms them, signed,
// and announced as typing. A small union rather than origin comparisons repeated at each listener.

export type ChangeSource = 'relay' | 'local-copy' | 'this-tab'

/** The origins a page's changes arrive with, besides this tab's own. */
export interface ChangeOrigins {
  /** The WebsocketProvider of the page. */
  readonly provider: unknown
  /** The IndexeddbPersistence of the page. */
  readonly local: unknown
}

export function changeSource(origin: unknown, origins: ChangeOrigins): ChangeSource {
  if (origin === origins.provider) return 'relay'
  if (origin === origins.local) return 'local-copy'
  return 'this-tab'
}
