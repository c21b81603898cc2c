// The relays and stock clients a test starts, ended after it: clients closed, relays still running
// killed (kill -9, as a crash: the next test starts from what is on disk).
import { afterEach } from 'vitest'
import type { RelayProcess } from './relay-process.js'
import { stockClient, type StockClient } from './stock-client.js'

export function endedAfterEachTest(): {
  relays: RelayProcess[]
  clients: StockClient[]
  /** A stock client of `relay` on `pageId`, closed after the test. */
  client: (relay: RelayProcess, pageId: string) => StockClient
} {
  const relays: RelayProcess[] = []
  const clients: StockClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const r of relays.splice(0)) if (r.child.exitCode === null) await r.crash()
  })
  const client = (relay: RelayProcess, pageId: string): StockClient => {
    const c = stockClient(relay.syncUrl, pageId)
    clients.push(c)
    return c
  }
  return { relays, clients, client }
}
