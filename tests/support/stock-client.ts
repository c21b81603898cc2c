// A stock y-websocket client (WebsocketProvider 3.x over the `ws` package), exactly as any program
// would talk to Carnet: nothing of Carnet's own code is involved on this side. The relay's refusals
// ("permission denied", with its reason), which the provider prints with console.warn, are kept on
// the client instead: the tests that expect one wait for it, and a green run prints none.
import { EventEmitter } from 'node:events'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { readAuthMessage } from 'y-protocols/auth'
import WebSocket from 'ws'
import { waitFor } from './wait.js'

/** y-websocket's message type for the auth protocol (permission denied). */
const MESSAGE_AUTH = 2

export interface StockClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** The text of the page body's first paragraph-less text (tests write into `XmlText`s). */
  text(): string
  synced(): Promise<void>
  /** Reasons the relay gave when it refused this client's changes, oldest first. */
  refusals: string[]
  /** The reason of the next refusal, from now on. */
  nextRefusal(): Promise<string>
  /** The code and reason of the next close the relay sends this client, from now on. */
  nextClose(): Promise<{ code: number; reason: string }>
  destroy(): void
}

export interface ClientOptions {
  params?: Record<string, string>
  /** Do not connect until `provider.connect()`. */
  connect?: boolean
  name?: string
}

export function stockClient(syncUrl: string, pageId: string, options: ClientOptions = {}): StockClient {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(syncUrl, pageId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: options.params ?? {},
    connect: options.connect ?? true,
    disableBc: true,
    maxBackoffTime: 300,
  })
  if (options.name) provider.awareness.setLocalStateField('user', { name: options.name })
  const refusals: string[] = []
  const refused = new EventEmitter()
  provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) =>
    readAuthMessage(decoder, doc, (_doc, reason) => {
      refusals.push(reason)
      refused.emit('refusal')
    })
  liveProviders++
  // Each provider listens for the process's exit: so many listeners are expected, not a leak.
  process.setMaxListeners(Math.max(process.getMaxListeners(), liveProviders + EXIT_LISTENERS_BESIDES))
  let destroyed = false
  return {
    doc,
    provider,
    text: () => bodyText(doc),
    synced: () => waitFor(() => provider.synced, { what: `client of ${pageId} synced`, on: [[provider, 'sync']] }),
    refusals,
    nextRefusal() {
      const before = refusals.length
      return waitFor(() => refusals.length > before, { what: `a refusal for the client of ${pageId}`, on: [[refused, 'refusal']] }).then(() => refusals[before]!)
    },
    nextClose() {
      return new Promise((resolve) => {
        const listener = (event: { code: number; reason: string } | null) => {
          if (!event) return
          provider.off('connection-close', listener)
          resolve({ code: event.code, reason: event.reason })
        }
        provider.on('connection-close', listener)
      })
    },
    destroy() {
      if (!destroyed) liveProviders--
      destroyed = true
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Stock providers alive in this process, and room for the exit listeners others add. */
let liveProviders = 0
const EXIT_LISTENERS_BESIDES = 10

/** Concatenated text of every XmlText directly in the page body (what `typeInto` writes). */
export function bodyText(doc: Y.Doc): string {
  return doc
    .getXmlFragment('body')
    .toArray()
    .map((node) => (node instanceof Y.XmlText ? node.toString() : node instanceof Y.XmlElement ? elementText(node) : ''))
    .join('\n')
}

function elementText(element: Y.XmlElement): string {
  return element
    .toArray()
    .map((node) => (node instanceof Y.XmlText ? node.toJSON() : node instanceof Y.XmlElement ? elementText(node) : ''))
    .join('')
}

/** Appends a paragraph holding `text`, as the editor would. */
export function addParagraph(doc: Y.Doc, text: string): void {
  doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText(text)])
    const body = doc.getXmlFragment('body')
    body.insert(body.length, [paragraph])
  })
}
