// Who wrote between two versions of a page. Every item a Yjs client inserts advances that client's
// clock, so the clients whose clocks moved since the previous version's state vector are the ones
// who wrote; `Map('writers')` gives their names. Deleting advances no clock: the relay adds the
// clients of the sockets that sent changes, which catches someone who only deleted.
import * as Y from 'yjs'
import { readWriters } from '@carnet/core'

/** The doc's state vector as a map (client id → clock). */
export function stateVectorOf(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc))
}

/** True when some client's clock in `now` is past its clock in `since`. */
export function clocksAdvanced(now: Map<number, number>, since: Map<number, number>): boolean {
  for (const [client, clock] of now) if (clock > (since.get(client) ?? 0)) return true
  return false
}

/** Names (distinct, sorted) of those who wrote since the state vector `since`. Clients without a name are left out. */
export function writersSince(doc: Y.Doc, since: Map<number, number>, alsoClients: Iterable<number> = []): string[] {
  const clients = new Set(alsoClients)
  for (const [client, clock] of stateVectorOf(doc)) if (clock > (since.get(client) ?? 0)) clients.add(client)
  const writers = readWriters(doc)
  const names = new Set<string>()
  for (const client of clients) {
    const name = writers.get(client)?.name.trim()
    if (name) names.add(name)
  }
  return [...names].sort((a, b) => a.localeCompare(b, 'fr'))
}
