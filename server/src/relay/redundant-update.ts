// Whether an update would change nothing in a document: every struct it carries is already known
// and every deletion already applied. A reader's client sends such updates when it syncs; they are
// ignored quietly instead of being refused as writes.
import * as Y from 'yjs'

export function isRedundantUpdate(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update)
  const known = Y.decodeStateVector(Y.encodeStateVector(doc))
  for (const struct of structs) {
    if (struct.id.clock + struct.length > (known.get(struct.id.client) ?? 0)) return false
  }
  if (ds.clients.size === 0) return true
  const deleted = Y.createDeleteSetFromStructStore(doc.store)
  for (const [client, ranges] of ds.clients) {
    for (const range of ranges) {
      for (let clock = range.clock; clock < range.clock + range.len; ) {
        const covering = deleted.clients.get(client)?.find((d) => d.clock <= clock && clock < d.clock + d.len)
        if (!covering) return false
        clock = covering.clock + covering.len
      }
    }
  }
  return true
}
