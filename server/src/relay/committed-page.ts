// What the helpers that follow a room's committed changes — the search indexer, the history
// recorder — see of it: its document, whether it is loaded, and a way to wait until every frame it
// received is written. They depend on this, not on the room.
import type * as Y from 'yjs'

export type RoomState = 'loading' | 'ready' | 'failed' | 'closed'

export interface CommittedPage {
  readonly doc: Y.Doc
  readonly state: RoomState
  /** Resolves when every frame received so far has been handled and written. */
  whenIdle(): Promise<void>
}
