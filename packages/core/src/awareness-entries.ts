// The entries of a y-protocols awareness update, read and written without an Awareness instance:
// the relay screens what a socket announces (whose presence, how large) before applying it.
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

export interface AwarenessEntry {
  /** The announcing client's id (its Y.Doc clientID for y-websocket clients). */
  clientId: number
  clock: number
  /** The state as JSON text; `null` (the text) when the client leaves. */
  state: string
}

/** Throws on a truncated or malformed update. */
export function decodeAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const entries: AwarenessEntry[] = []
  // Each entry takes at least three bytes: a count beyond the frame fails on the missing bytes.
  for (let i = 0; i < count; i++) {
    entries.push({ clientId: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), state: decoding.readVarString(decoder) })
  }
  if (decoding.hasContent(decoder)) throw new Error('awareness update: bytes after the last entry')
  return entries
}

export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId)
    encoding.writeVarUint(encoder, clock)
    encoding.writeVarString(encoder, state)
  }
  return encoding.toUint8Array(encoder)
}
