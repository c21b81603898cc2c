// Pages of a realistic meeting size (the first edits of the automerge-paper trace: ~2,000 words,
// a real editing history). Two modes:
// - "seed": write the page into each room through the protocol, then ask for the state back, so
//   the server has applied it before the client leaves;
// - "idle": one client per page syncs it and stays connected, idle, until told to leave.
import * as Y from 'yjs'
import { DIALECTS } from '../../protocol/dialects.mjs'
import { loadTrace, replayIntoPage } from '../../lib/trace.mjs'
import { mapLimit, pollUntil } from '../../lib/wait.mjs'
import { RawClient } from '../client.mjs'
import { closeAll, openAll, roomUrl } from '../common.mjs'

/**
 * The state of one meeting page: the first `edits` edits of the trace typed by one writer.
 * @param {number} edits
 */
export function meetingPageState(edits) {
  const { doc } = replayIntoPage(loadTrace(), { clientID: 31_337, count: edits, keepUpdates: false })
  return Y.encodeStateAsUpdate(doc)
}

/**
 * @param {{ mode: 'seed' | 'idle', urlTemplate: string, dialect: string, roomPrefix: string, from: number, count: number, traceEdits: number, concurrency?: number }} p
 * @param {import('../worker.mjs').Control} ctl
 */
export async function run(p, ctl) {
  const dialect = DIALECTS[p.dialect]
  const state = meetingPageState(p.traceEdits)
  const rooms = Array.from({ length: p.count }, (_, i) => `${p.roomPrefix}-${p.from + i}`)
  // A server's copy can differ in encoding from ours; 90 % of the size means the page is there.
  const enough = Math.floor(state.length * 0.9)

  if (p.mode === 'seed') {
    const started = performance.now()
    let failed = 0
    await mapLimit(rooms, p.concurrency ?? 32, async (room) => {
      const client = new RawClient({ url: roomUrl(p.urlTemplate, room), room, dialect })
      try {
        await client.open(30_000)
        client.send(dialect.update(room, state))
        if ((await client.fetchState(30_000)) < enough) failed++
      } catch {
        failed++
      } finally {
        await client.close()
      }
    })
    return { seeded: p.count - failed, failed, state_bytes: state.length, ms: performance.now() - started }
  }

  const clients = rooms.map((room) => new RawClient({ url: roomUrl(p.urlTemplate, room), room, dialect }))
  const started = performance.now()
  await openAll(clients, p.concurrency ?? 50, 60_000)
  // Content may follow the step2 (the stock server sends it once read from LevelDB).
  const full = () => clients.filter((c) => c.receivedBytes >= enough).length
  await pollUntil(() => full() === clients.length, { timeoutMs: 30_000, what: 'every page’s content' }).catch(() => {})
  const loadMs = performance.now() - started
  const withContent = full()
  ctl.emit('loaded', { withContent, loadMs, state_bytes: state.length })
  await ctl.waitFor('release', 300_000)
  await closeAll(clients)
  ctl.emit('released')
  return { withContent, loadMs }
}
