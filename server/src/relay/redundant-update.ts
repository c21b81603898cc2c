// Whether an update would change nothing in a document: every struct it carries is already known
// and every deletion already applied. A reader's client sends such updates when it syncs; they are
// ignored quietly instead of being refused as writes.
//
// A reader can send back the page's whole delete set (tens of thousands of ranges) as often as its
// message budget allows: each range is looked up by binary search in the document's deleted
// ranges, which are read from the document once and kept until it changes (`DeletedRanges`).
import * as Y from 'yjs'

/** A document's deleted ranges by client, sorted and merged (as Yjs builds them), for lookups. */
export class DeletedRanges {
  private readonly byClient: Map<number, Array<{ clock: number; len: number }>>

  constructor(doc: Y.Doc) {
    this.byClient = Y.createDeleteSetFromStructStore(doc.store).clients
  }

  /** Whether every clock in [clock, clock + len) of `client` is deleted. */
  covers(client: number, clock: number, len: number): boolean {
    const ranges = this.byClient.get(client)
    if (!ranges) return false
    let low = 0
    let high = ranges.length - 1
    while (low <= high) {
      const mid = (low + high) >>> 1
      const range = ranges[mid]!
      if (clock < range.clock) high = mid - 1
      else if (clock >= range.clock + range.len) low = mid + 1
      // Adjacent deleted structs are merged into one range: the range holding `clock` holds all
      // that is deleted from there on.
      else return clock + len <= range.clock + range.len
    }
    return false
  }
}

/** `deleted`: the document's deleted ranges, built when first needed (see `DeletedRanges`). */
export function isRedundantUpdate(doc: Y.Doc, update: Uint8Array, deleted: () => DeletedRanges = () => new DeletedRanges(doc)): boolean {
  return bringsNothing(doc, Y.decodeUpdate(update), deleted)
}

/** The same, for an update already decoded. */
export function bringsNothing(doc: Y.Doc, decoded: ReturnType<typeof Y.decodeUpdate>, deleted: () => DeletedRanges = () => new DeletedRanges(doc)): boolean {
  const { structs, ds } = decoded
  for (const struct of structs) {
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) return false
  }
  if (ds.clients.size === 0) return true
  const ranges = deleted()
  for (const [client, clientRanges] of ds.clients) {
    for (const range of clientRanges) if (!ranges.covers(client, range.clock, range.len)) return false
  }
  return true
}
