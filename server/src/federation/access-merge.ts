// Who may write a page mirrored between a room relay and the city's: each side tells the other
// the record it holds (the key's hash and the flags, never the key), and the city's wins. A room
// takes the city's record — its claim, its flags; the city takes a room's only for a page it has
// never claimed (a page created in the room). Two different keys claiming one page id on both
// sides, while the link was down, is a conflict: the room keeps its text under a new id.
import type { PageAccess } from '../archive/store.js'

export type FederationSide = 'city' | 'room'

export type LinkedAccessOutcome = 'take' | 'keep' | 'conflict'

/** What the relay on `side`, holding `mine`, does with the record the other side holds. */
export function linkedAccessOutcome(mine: PageAccess | null, theirs: PageAccess, side: FederationSide): LinkedAccessOutcome {
  if (mine === null) return 'take'
  if (mine.keyHash !== theirs.keyHash) return side === 'room' ? 'conflict' : 'keep'
  return side === 'room' ? 'take' : 'keep'
}
