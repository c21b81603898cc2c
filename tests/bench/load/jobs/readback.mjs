// Reads pages back from a (restarted) server: for each page, how far the server's copy goes in
// each writer's keystrokes (the writer's clock in the state vector). Verification only: here the
// client does apply the state it receives.
import * as Y from 'yjs'
import { DIALECTS } from '../../protocol/dialects.mjs'
import { mapLimit } from '../../lib/wait.mjs'
import { RawClient } from '../client.mjs'
import { roomUrl, settle } from '../common.mjs'

/**
 * @param {{ urlTemplate: string, dialect: string, pages: { room: string, clientIDs: number[] }[] }} p
 * @returns {Promise<{ room: string, storedClocks: Record<number, number> }[]>}
 */
export async function run(p) {
  const dialect = DIALECTS[p.dialect]
  return mapLimit(p.pages, 20, async ({ room, clientIDs }) => {
    const reader = new RawClient({ url: roomUrl(p.urlTemplate, room), room, dialect, collect: true })
    try {
      await reader.open(30_000)
      // The stock server sends a cold page's content after its (empty) step2, once read from LevelDB.
      await settle(reader, { quietMs: 500, maxMs: 15_000 })
      const doc = new Y.Doc()
      for (const payload of /** @type {{ bytes: Uint8Array }[]} */ (reader.payloads)) Y.applyUpdate(doc, payload.bytes)
      return { room, storedClocks: Object.fromEntries(clientIDs.map((id) => [id, Y.getState(doc.store, id)])) }
    } finally {
      await reader.close()
    }
  })
}
