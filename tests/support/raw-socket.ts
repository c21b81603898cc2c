// A bare WebSocket on the sync endpoint, for sending what no well-behaved client would: garbage,
// truncated updates, oversized frames. Records every frame received and how the socket ended.
import WebSocket from 'ws'

export interface RawSocket {
  ws: WebSocket
  received: Uint8Array[]
  opened: Promise<void>
  closed: Promise<{ code: number; reason: string }>
  send(data: Uint8Array | string): void
}

export function rawSocket(url: string, options: { headers?: Record<string, string> } = {}): RawSocket {
  const ws = new WebSocket(url, options.headers ? { headers: options.headers } : {})
  ws.binaryType = 'nodebuffer'
  const received: Uint8Array[] = []
  ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)))
  ws.on('error', () => {
    // The close event carries what the tests check.
  })
  return {
    ws,
    received,
    opened: new Promise((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    }),
    closed: new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))),
    send: (data) => ws.send(data),
  }
}
