import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { WsTransport } from './transport.js'

const servers: WebSocketServer[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    for (const client of server.clients) client.terminate()
    await new Promise((resolve) => server.close(resolve))
  }
})

/** A relay-side socket whose client has stopped reading: writes pile up in the relay's buffer. */
async function stalledPair(): Promise<{ relaySide: WebSocket; client: WebSocket }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  servers.push(server)
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  const accepted = once(server, 'connection') as Promise<[WebSocket]>
  const client = new WebSocket(`ws://127.0.0.1:${port}`)
  client.on('error', () => undefined)
  await once(client, 'open')
  ;(client as unknown as { _socket: import('node:net').Socket })._socket.pause()
  const [relaySide] = await accepted
  relaySide.on('error', () => undefined)
  return { relaySide, client }
}

describe('WsTransport.destroy', () => {
  it('hands every discarded write one shared error, not a new one (with its stack) each', async () => {
    const { relaySide } = await stalledPair()
    const transport = new WsTransport(relaySide)
    const errors: (Error | null | undefined)[] = []
    const frame = new Uint8Array(300)
    // Well past what the kernel takes, so that thousands of writes wait in the relay's buffer.
    while (relaySide.bufferedAmount < 4 * 1024 * 1024) {
      relaySide.send(frame, (error) => errors.push(error))
    }
    const waiting = relaySide.bufferedAmount
    const closed = once(relaySide, 'close')
    transport.destroy()
    await closed
    const discarded = errors.filter((error) => error != null)
    expect(waiting).toBeGreaterThan(1024 * 1024)
    expect(discarded.length).toBeGreaterThan(1000)
    expect(new Set(discarded).size).toBe(1)
    expect(transport.open).toBe(false)
  })
})
