// Which frames from the other end of the link a page's room should take. The other relay's room
// talks to its share of the link as to a Carnet client: besides the sync and awareness frames
// both rooms take, it sends what only a client reads — "stored" acknowledgements, access states,
// notices — which the link reads itself, or lets go.
import { parseRelayFrame, type RelayFrame } from '@carnet/core'

/** The relay-to-client message in `frame`, if it is one (else a frame for the room). */
export function relayMessage(frame: Uint8Array): RelayFrame | 'other-relay-message' | null {
  try {
    return parseRelayFrame(frame) ?? (isCarnetReply(frame) ? 'other-relay-message' : null)
  } catch {
    // Not readable as a relay's message: the room judges it (and refuses it if it is bad).
    return null
  }
}

/** A Carnet extension message other than those a client sends (a relay's reply Carnet does not know). */
function isCarnetReply(frame: Uint8Array): boolean {
  // Type 100, sub-type 1 to 3 (stored, access, notice) are read above; 0 and 4 come from clients.
  return frame.length >= 2 && frame[0] === 100 && frame[1] !== 0 && frame[1] !== 4
}
