// A TCP proxy on loopback between a room relay and the city's, that a test cuts and restores, as a
// public internet room's uplink goes down and comes back: cut, every connection through it is
// broken and new ones fail at once; restored, they go through again.
import { createConnection, createServer, type Server, type Socket } from 'node:net'

export interface CuttableProxy {
  port: number
  url: string
  cut(): void
  restore(): void
  /** Connections made through it so far. */
  readonly connections: number
  close(): Promise<void>
}

export async function startCuttableProxy(backendPort: number): Promise<CuttableProxy> {
  const sockets = new Set<Socket>()
  let up = true
  let connections = 0
  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    if (!up) {
      client.destroy()
      return
    }
    sockets.add(client)
    client.once('close', () => sockets.delete(client))
    client.on('error', () => client.destroy())
    const backend = createConnection({ port: backendPort, host: '127.0.0.1' })
    sockets.add(backend)
    backend.once('close', () => sockets.delete(backend))
    backend.on('error', () => client.destroy())
    backend.once('connect', () => {
      connections++
      client.once('close', () => backend.destroy())
      backend.once('close', () => client.destroy())
      client.pipe(backend)
      backend.pipe(client)
      client.resume()
    })
  })
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)))
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    cut() {
      up = false
      for (const socket of sockets) socket.destroy()
      sockets.clear()
    },
    restore() {
      up = true
    },
    get connections() {
      return connections
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
