// A small load balancer on loopback, as a city would put in front of its relay processes: each
// incoming TCP connection (a WebSocket is one) goes to the next backend in turn, skipping the ones
// that refuse it, with no stickiness. A client whose backend died reconnects here and lands on a
// live one. It records which backend each connection went to.
import { createConnection, createServer, type Server, type Socket } from 'node:net'

export interface Balancer {
  port: number
  /** Base URL for a stock WebsocketProvider. */
  syncUrl: string
  /** Connections handed to each backend port so far. */
  readonly handedTo: Map<number, number>
  close(): Promise<void>
}

export async function startBalancer(backendPorts: number[]): Promise<Balancer> {
  let next = 0
  const handedTo = new Map<number, number>()
  const sockets = new Set<Socket>()

  const forward = (client: Socket, attempt: number) => {
    if (attempt >= backendPorts.length) {
      client.destroy()
      return
    }
    const port = backendPorts[next++ % backendPorts.length]!
    const backend = createConnection({ port, host: '127.0.0.1' })
    sockets.add(backend)
    backend.once('close', () => sockets.delete(backend))
    // Refused (a dead backend): try the next one.
    backend.once('error', () => {
      backend.destroy()
      forward(client, attempt + 1)
    })
    backend.once('connect', () => {
      handedTo.set(port, (handedTo.get(port) ?? 0) + 1)
      backend.removeAllListeners('error')
      backend.on('error', () => client.destroy())
      client.on('error', () => backend.destroy())
      client.once('close', () => backend.destroy())
      backend.once('close', () => client.destroy())
      client.pipe(backend)
      backend.pipe(client)
      client.resume()
    })
  }

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    sockets.add(client)
    client.once('close', () => sockets.delete(client))
    client.on('error', () => client.destroy())
    forward(client, 0)
  })
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)))
  return {
    port,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    handedTo,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
