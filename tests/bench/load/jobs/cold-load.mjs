// A fresh client opens a page on a server that has just started (the page is in its storage, not
// in memory): time from opening the socket to the page whole in hand (the text the trace ends at).
import * as Y from 'yjs'
import { DIALECTS } from '../../protocol/dialects.mjs'
import { bodyText } from '../../lib/page-doc.mjs'
import { loadTrace, replayString } from '../../lib/trace.mjs'
import { RawClient } from '../client.mjs'
import { roomUrl, settle } from '../common.mjs'
import { sleep } from '../../lib/wait.mjs'

/**
 * @param {{ urlTemplate: string, dialect: string, room: string, edits: number }} p
 */
export async function run(p) {
  const dialect = DIALECTS[p.dialect]
  const trace = loadTrace()
  const edits = Math.min(p.edits, trace.txns.length)
  const expected = edits === trace.txns.length ? trace.endContent : replayString(trace, edits)
  const client = new RawClient({ url: roomUrl(p.urlTemplate, p.room), room: p.room, dialect, collect: true })
  const started = performance.now()
  await client.open(120_000)
  // The page is received when the messages so far make it whole: with Carnet and Hocuspocus the
  // step2 itself; the stock server answers a cold page with an empty step2 and sends the content
  // once read from LevelDB. Found from the arrival stamps; payloads are applied (to check the
  // text) only while the socket is quiet, so checking never delays a stamp.
  const payloads = /** @type {{ at: number, bytes: Uint8Array }[]} */ (client.payloads)
  const doc = new Y.Doc()
  const deadline = performance.now() + 120_000
  let loadMs = NaN
  let applied = 0
  let bytes = 0
  while (Number.isNaN(loadMs) && performance.now() < deadline) {
    await settle(client, { quietMs: 300, maxMs: deadline - performance.now() })
    for (; applied < payloads.length && Number.isNaN(loadMs); applied++) {
      Y.applyUpdate(doc, payloads[applied].bytes)
      bytes += payloads[applied].bytes.length
      if (bodyText(doc) === expected) loadMs = payloads[applied].at - started
    }
    // Nothing new for a minute: the page will not get whole (the stock server can be silent for
    // seconds while it reads a long LevelDB log).
    if (performance.now() - client.lastMessageAt > 60_000) break
    // Let the socket deliver what comes next (settle returns at once on a socket already quiet).
    if (Number.isNaN(loadMs)) await sleep(20)
  }
  await client.close()
  const text = bodyText(doc)
  // null, not NaN: the result crosses IPC as JSON.
  return { load_ms: Number.isNaN(loadMs) ? null : loadMs, state_bytes: bytes, text_ok: text === expected, chars: text.length, expected_chars: expected.length, messages: payloads.length }
}
