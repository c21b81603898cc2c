// A stock y-websocket client (WebsocketProvider 3.x over the `ws` package), exactly as any program
// would talk to Carnet: nothing of Carnet's own code is involved on this side.
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { waitFor } from './wait.js'

export interface StockClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** The text of the page body's first paragraph-less text (tests write into `XmlText`s). */
  text(): string
  synced(): Promise<void>
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
  return {
    doc,
    provider,
    text: () => bodyText(doc),
    synced: () => waitFor(() => provider.synced, { what: `client of ${pageId} synced`, on: [[provider, 'sync']] }),
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

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
