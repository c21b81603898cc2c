// Checks an incoming Yjs update before it touches a page: it must parse completely, and every
// client id, clock and length in it must stay within what a real document can reach. Yjs reads
// lengths up to 2^64 from the wire but writes back only what fits in 2^53: an update with absurd
// numbers could be applied, then stored in a form that can never be read again.
import * as Y from 'yjs'

/** Far beyond any real page (a clock counts characters ever typed), far below 2^53. */
export const MAX_CLOCK = 2 ** 48

export class InvalidUpdateError extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'InvalidUpdateError'
  }
}

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>

/** Parses and checks an update; returns it decoded. */
export function checkUpdate(update: Uint8Array): DecodedUpdate {
  let decoded: DecodedUpdate
  try {
    decoded = Y.decodeUpdate(update)
  } catch {
    throw new InvalidUpdateError('invalid Yjs update')
  }
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id
    if (!inRange(client, 2 ** 53) || !inRange(clock, MAX_CLOCK) || !inRange(struct.length, MAX_CLOCK) || clock + struct.length > MAX_CLOCK) {
      throw new InvalidUpdateError('invalid Yjs update: a client id, clock or length is out of range')
    }
  }
  for (const [client, ranges] of decoded.ds.clients) {
    if (!inRange(client, 2 ** 53)) throw new InvalidUpdateError('invalid Yjs update: a client id is out of range')
    for (const range of ranges) {
      if (!inRange(range.clock, MAX_CLOCK) || !inRange(range.len, MAX_CLOCK) || range.clock + range.len > MAX_CLOCK) {
        throw new InvalidUpdateError('invalid Yjs update: a deleted range is out of range')
      }
    }
  }
  return decoded
}

function inRange(value: number, max: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value <= max
}
