// The status comes from the socket: against the stock y-websocket provider (3.1.0) and real
// sockets on loopback — no relay listening, a relay that appears, one that drops the connection,
// one that accepts TCP and never answers.
import { afterEach, describe, expect, it } from 'vitest'
import { createServer, type Server, type Socket } from 'node:net'
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { ConnectionWatch, type ConnectionFacts } from './connection-watch.js'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A loopback port nobody listens on (taken, then released). */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

function watch(port: number, patienceMs = 60_000) {
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}`, 'page', new Y.Doc(), {
    WebSocketPolyfill: NodeWebSocket as unknown as typeof WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  })
  const facts: ConnectionFacts = { connection: 'connecting', unreachable: false }
  const connectionWatch = new ConnectionWatch(provider, facts, { hints: null, patienceMs })
  cleanups.push(() => {
    connectionWatch.destroy()
    provider.destroy()
  })
  return { provider, facts }
}

function next(provider: WebsocketProvider, event: 'connection-close' | 'status'): Promise<void> {
  return new Promise((resolve) => {
    const once = () => {
      provider.off(event, once)
      resolve()
    }
    provider.on(event, once)
  })
}

async function until(provider: WebsocketProvider, done: () => boolean): Promise<void> {
  while (!done()) await Promise.race([next(provider, 'status'), next(provider, 'connection-close')])
}

describe('ConnectionWatch', () => {
  it('calls the relay unreachable once an attempt fails, while the provider keeps trying', async () => {
    const port = await freePort()
    const { provider, facts } = watch(port)
    expect(facts).toEqual({ connection: 'connecting', unreachable: false })
    await next(provider, 'connection-close')
    expect(facts.unreachable).toBe(true)
    // The provider's next attempt says "connecting" again: still unreachable.
    await next(provider, 'status')
    expect(facts).toEqual({ connection: 'connecting', unreachable: true })

    const relay = new WebSocketServer({ host: '127.0.0.1', port })
    cleanups.push(() => new Promise((resolve) => relay.close(resolve)))
    await until(provider, () => facts.connection === 'connected')
    expect(facts.unreachable).toBe(false)

    // The relay drops the connection: unreachable at once.
    for (const client of relay.clients) client.terminate()
    await until(provider, () => facts.connection !== 'connected')
    expect(facts.unreachable).toBe(true)
  })

  it('gives up waiting on an attempt that hangs', async () => {
    const sockets: Socket[] = []
    const silent: Server = createServer((socket) => sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => {
      for (const socket of sockets) socket.destroy()
      return new Promise((resolve) => silent.close(resolve))
    })
    const { facts } = watch((silent.address() as { port: number }).port, 100)
    const started = Date.now()
    while (!facts.unreachable) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(facts.connection).toBe('connecting')
  })
})
