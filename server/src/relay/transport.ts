// How a connection's frames reach its client: a WebSocket of its own, or — for a room relay and
// the city's relay talking about a page — one page's share of the federation link (see
// federation/). The room only sends frames and says goodbye; what carries them is this.
import type { Duplex } from 'node:stream'
import { WebSocket } from 'ws'

export interface Transport {
  /** Frames can be sent now. */
  readonly open: boolean
  /** Bytes waiting to be sent. */
  readonly bufferedAmount: number
  send(data: Uint8Array): void
  /** Says goodbye with a code and a reason (at most 123 bytes of it). */
  close(code: number, reason: string): void
  /** Ends at once, discarding what waits to be sent (a client that does not read). */
  destroy(): void
  /** Checks the other end still answers: false when it missed the last check. */
  heartbeat(): boolean
}

/**
 * One error for every write a destroyed socket discards: given none, Node makes a new error (with
 * its stack) for each of them, and dropping a hundred sockets full of small messages stalled the
 * whole process for seconds.
 */
const DESTROYED = new Error('socket destroyed by the relay')

/** A client's own WebSocket. */
export class WsTransport implements Transport {
  /** Answered the last ping. */
  private alive = true

  constructor(readonly ws: WebSocket) {
    ws.on('pong', () => {
      this.alive = true
    })
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount
  }

  send(data: Uint8Array): void {
    this.ws.send(data)
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason)
    // A peer that never answers the close frame must not hold the socket open.
    const timer = setTimeout(() => this.ws.terminate(), 5_000)
    timer.unref()
    this.ws.once('close', () => clearTimeout(timer))
  }

  destroy(): void {
    const socket = (this.ws as unknown as { _socket?: Duplex | null })._socket
    if (socket) socket.destroy(DESTROYED)
    else this.ws.terminate()
  }

  heartbeat(): boolean {
    if (!this.alive) {
      this.ws.terminate()
      return false
    }
    this.alive = false
    this.ws.ping()
    return true
  }
}
