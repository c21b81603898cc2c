// Checks once per run that our raw Hocuspocus framing (protocol/dialects.mjs) is what
// @hocuspocus/provider speaks: a provider's edit reaches a raw receiver, a raw writer's keystrokes
// reach the provider's document, and a raw reader's step2 holds both.
import WebSocket from 'ws'
import * as Y from 'yjs'
import { hocuspocus as dialect } from '../protocol/dialects.mjs'
import { bodyText, docFromState, typingScript } from '../lib/page-doc.mjs'
import { pollUntil } from '../lib/wait.mjs'
import { RawClient } from '../load/client.mjs'

/**
 * @param {import('./server-process.mjs').ServerHandle} server a running Hocuspocus
 * @returns {Promise<string>} what was checked; throws when the framing disagrees
 */
export async function checkHocuspocusFraming(server) {
  const { HocuspocusProvider, HocuspocusProviderWebsocket } = await import('@hocuspocus/provider')
  const room = 'framing-check'
  const url = `${server.base}/`
  const doc = new Y.Doc()
  // Node 20 has no WebSocket of its own: the provider's socket is given ws's.
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket })
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: room, document: doc })
  provider.attach()
  /** @type {RawClient[]} */
  const raws = []
  try {
    await pollUntil(() => provider.isSynced, { timeoutMs: 10_000, what: '@hocuspocus/provider synced' })
    /** @type {number[]} */
    const seen = []
    const receiver = new RawClient({ url, room, dialect, onUpdate: (client) => seen.push(client) })
    raws.push(receiver)
    await receiver.open()
    doc.getText('check').insert(0, 'from the provider')
    await pollUntil(() => seen.includes(doc.clientID), { timeoutMs: 10_000, what: 'raw receiver got the provider’s update' })

    const script = typingScript({ clientID: 777_001, count: 12 })
    const writer = new RawClient({ url, room, dialect })
    raws.push(writer)
    await writer.open()
    writer.send(dialect.update(room, script.setup))
    for (const update of script.updates) writer.send(dialect.update(room, update))
    await pollUntil(() => bodyText(doc) === script.text, { timeoutMs: 10_000, what: 'provider got the raw writer’s keystrokes' })

    const reader = new RawClient({ url, room, dialect, keepStep2: true })
    raws.push(reader)
    await reader.open()
    const copy = docFromState(/** @type {Uint8Array} */ (reader.step2))
    if (copy.getText('check').toString() !== 'from the provider' || bodyText(copy) !== script.text) {
      throw new Error('raw reader’s step2 does not hold both edits')
    }
    return 'raw Hocuspocus framing agrees with @hocuspocus/provider 3.4.4 (both directions, and step2)'
  } finally {
    provider.destroy()
    socket.destroy()
    for (const raw of raws) await raw.close()
  }
}
