// Pins what LocalFirstOutbox takes over in the pinned y-websocket (3.1.0): the provider sends each
// doc update through its own `_updateHandler`, registered on the doc, which the outbox unregisters
// and replaces; and the provider applies what it receives with itself as the origin, which the
// outbox must not send back. Run against a real WebsocketProvider and a tiny ws server in the test
// (it records frames, answers nothing). If y-websocket renames or reroutes that handler, the
// provider would send keystrokes before IndexedDB has them, and these tests fail.
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { WebsocketProvider } from 'y-websocket'
import { encodeSyncUpdate } from '@carnet/core'
import { LocalFirstOutbox, type LocalCopy } from './local-first-outbox.js'

/** A frame no Yjs client sends: what arrived before it, from the same socket, arrived before it was sent. */
const MARKER = new Uint8Array([99])

interface Relay {
  url: string
  /** Updates (sync step 2 or update messages) received so far, in order. */
  updates: Uint8Array[]
  /** Resolves once `count` markers have arrived. */
  markers(count: number): Promise<void>
  /** Resolves once `count` updates have arrived. */
  updatesReceived(count: number): Promise<void>
  /** Sends a sync update to every client, as a relay forwards another writer's change. */
  broadcast(update: Uint8Array): void
  close(): Promise<void>
}

async function startRelay(): Promise<Relay> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const updates: Uint8Array[] = []
  let markerCount = 0
  const waiters: Array<() => void> = []
  const wake = () => {
    for (const waiter of waiters.splice(0)) waiter()
  }
  const until = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => (done() ? resolve() : waiters.push(check))
      check()
    })
  server.on('connection', (socket) => {
    socket.on('message', (data: Buffer) => {
      const frame = new Uint8Array(data)
      if (frame.length === 1 && frame[0] === MARKER[0]) markerCount++
      else {
        const decoder = decoding.createDecoder(frame)
        // messageSync, then messageYjsSyncStep2 or messageYjsUpdate: an update.
        if (decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) !== 0) updates.push(decoding.readVarUint8Array(decoder))
      }
      wake()
    })
  })
  const { port } = server.address() as { port: number }
  return {
    url: `ws://127.0.0.1:${port}`,
    updates,
    markers: (count) => until(() => markerCount >= count),
    updatesReceived: (count) => until(() => updates.length >= count),
    broadcast(update) {
      for (const client of server.clients) client.send(encodeSyncUpdate(update))
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate()
        server.close(() => resolve())
      }),
  }
}

/** y-indexeddb's side as the outbox sees it: the copy opens when the test says so, with no database to wait on. */
function localCopy(): { copy: LocalCopy; open: () => void } {
  let open = () => {}
  const whenSynced = new Promise<never>((resolve) => (open = () => resolve(undefined as never)))
  return { copy: { db: null, whenSynced } as LocalCopy, open }
}

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function connectedProvider(relay: Relay, doc: Y.Doc): Promise<WebsocketProvider> {
  const provider = new WebsocketProvider(relay.url, 'pinned-page', doc, {
    WebSocketPolyfill: NodeWebSocket as unknown as typeof WebSocket,
    disableBc: true,
  })
  cleanups.push(() => provider.destroy())
  if (!provider.wsconnected) {
    await new Promise<void>((resolve) => {
      const onStatus = ({ status }: { status: string }) => {
        if (status !== 'connected') return
        provider.off('status', onStatus)
        resolve()
      }
      provider.on('status', onStatus)
    })
  }
  return provider
}

function textOf(update: Uint8Array): string {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, update)
  return doc.getText('t').toString()
}

describe('the y-websocket provider the outbox takes over', () => {
  it('sends every local update at once through `_updateHandler`, a listener of the doc', async () => {
    const relay = await startRelay()
    cleanups.push(() => relay.close())
    const doc = new Y.Doc()
    const provider = await connectedProvider(relay, doc)
    expect(typeof provider._updateHandler).toBe('function')

    doc.getText('t').insert(0, 'envoyé tout de suite')
    provider.ws!.send(MARKER)
    await relay.markers(1)
    expect(relay.updates.map(textOf)).toEqual(['envoyé tout de suite'])

    // Without that listener the provider sends nothing of a local change.
    doc.off('update', provider._updateHandler)
    doc.getText('t').insert(0, 'gardé ')
    provider.ws!.send(MARKER)
    await relay.markers(2)
    expect(relay.updates).toHaveLength(1)
  })
})

describe('LocalFirstOutbox', () => {
  it('sends a local change only once the local copy has it, and only once', async () => {
    const relay = await startRelay()
    cleanups.push(() => relay.close())
    const doc = new Y.Doc()
    const provider = await connectedProvider(relay, doc)
    const local = localCopy()
    const outbox = new LocalFirstOutbox(doc, provider, local.copy)
    cleanups.push(() => outbox.destroy())

    doc.getText('t').insert(0, 'Compte rendu')
    provider.ws!.send(MARKER)
    await relay.markers(1)
    // Not sent: the provider's own sender is off, the outbox waits for the local copy.
    expect(relay.updates).toEqual([])
    expect(textOf(outbox.unsavedChanges()!)).toBe('Compte rendu')

    local.open()
    await outbox.whenSavedLocally()
    await relay.updatesReceived(1)
    provider.ws!.send(MARKER)
    await relay.markers(2)
    expect(relay.updates.map(textOf)).toEqual(['Compte rendu'])
    expect(outbox.unsavedChanges()).toBeNull()
  })

  it('does not send back what the provider received from the relay', async () => {
    const relay = await startRelay()
    cleanups.push(() => relay.close())
    const doc = new Y.Doc()
    const provider = await connectedProvider(relay, doc)
    const local = localCopy()
    local.open()
    const outbox = new LocalFirstOutbox(doc, provider, local.copy)
    cleanups.push(() => outbox.destroy())
    const origins: unknown[] = []
    doc.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin))

    const other = new Y.Doc()
    other.getText('t').insert(0, 'écrit par Bruno')
    relay.broadcast(Y.encodeStateAsUpdate(other))
    await new Promise<void>((resolve) => doc.once('update', () => resolve()))
    // The provider applies it with itself as the origin (change-source.ts: 'relay').
    expect(origins).toEqual([provider])
    expect(doc.getText('t').toString()).toBe('écrit par Bruno')

    await outbox.whenSavedLocally()
    provider.ws!.send(MARKER)
    await relay.markers(1)
    expect(relay.updates).toEqual([])
    expect(outbox.unsavedChanges()).toBeNull()
  })
})
