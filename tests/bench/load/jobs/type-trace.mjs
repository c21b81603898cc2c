// Types the editing trace into one page, one update per edit, as fast as the server takes them:
// a writer sends while fewer than `window` updates are unconfirmed by an observer (which only
// counts what the server forwards). The replay is first checked against the trace's own result.
// Trace: automerge-paper (Martin Kleppmann), josephg/editing-traces, CC BY 4.0.
import { DIALECTS } from '../../protocol/dialects.mjs'
import { bodyText } from '../../lib/page-doc.mjs'
import { loadTrace, replayIntoPage, replayString } from '../../lib/trace.mjs'
import { sleep } from '../../lib/wait.mjs'
import { RawClient } from '../client.mjs'
import { roomUrl } from '../common.mjs'

/**
 * @param {{ urlTemplate: string, dialect: string, room: string, edits: number, clientID: number, window: number, stallMs: number }} p
 */
export async function run(p) {
  const dialect = DIALECTS[p.dialect]
  const trace = loadTrace()
  const edits = Math.min(p.edits, trace.txns.length)
  const { doc, setup, updates } = replayIntoPage(trace, { clientID: p.clientID, count: edits })
  const expected = edits === trace.txns.length ? trace.endContent : replayString(trace, edits)
  const replayOk = bodyText(doc) === expected
  if (!replayOk) throw new Error('replaying the trace into Yjs did not end at the expected text')
  const url = roomUrl(p.urlTemplate, p.room)
  const observer = new RawClient({ url, room: p.room, dialect })
  const writer = new RawClient({ url, room: p.room, dialect })
  await observer.open()
  await writer.open()
  const frames = [setup, ...updates]
  const started = performance.now()
  let next = 0
  let lastProgress = performance.now()
  let lastSeen = 0
  while (observer.updates < frames.length) {
    const before = next
    while (next < frames.length && next - observer.updates < p.window && writer.bufferedAmount < 4 * 1024 * 1024) {
      writer.send(dialect.update(p.room, frames[next++]))
    }
    if (observer.updates !== lastSeen) {
      lastSeen = observer.updates
      lastProgress = performance.now()
    } else if (performance.now() - lastProgress > p.stallMs) {
      break
    }
    // Yield to the sockets: at once after sending, a millisecond when waiting for the server.
    if (next > before) await new Promise((resolve) => setImmediate(resolve))
    else await sleep(1)
  }
  const ms = performance.now() - started
  // Why it stopped, when it did: a socket the server closed says so.
  const closed = [writer.closedWith, observer.closedWith].map((c) => (c ? `${c.code} ${c.reason}` : null))
  await observer.close()
  await writer.close()
  return { updates: frames.length, sent: next, forwarded: observer.updates, ms, replay_ok: replayOk, expected_chars: expected.length, writer_closed: closed[0], observer_closed: closed[1] }
}
