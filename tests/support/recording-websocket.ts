// A WebSocket class for a stock WebsocketProvider (its `WebSocketPolyfill` option) that keeps a
// copy of every binary frame the provider sends and receives: real protocol frames of a real
// session, for fuzz tests to replay and mutate.
import WebSocket from 'ws'

export interface FrameLog {
  sent: Uint8Array[]
  received: Uint8Array[]
}

/** What y-websocket calls: `new WebSocketPolyfill(url, protocols)`. */
export type WebSocketClass = new (url: string, protocols?: string | string[]) => WebSocket

export function recordingWebSocket(log: FrameLog): WebSocketClass {
  return class RecordingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols)
      this.on('message', (data: ArrayBuffer | Buffer, isBinary: boolean) => {
        if (isBinary) log.received.push(Uint8Array.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data))
      })
    }

    override send(data: any, ...rest: any[]): void {
      if (data instanceof Uint8Array || data instanceof ArrayBuffer) {
        log.sent.push(Uint8Array.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data))
      }
      ;(super.send as (...args: any[]) => void)(data, ...rest)
    }
  }
}
