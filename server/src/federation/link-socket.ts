// The federation link's WebSocket, as both ends use it: frames out (see link-frames.ts), frames
// in, a heartbeat, and each page's share of it as a Connection the page's room takes like any
// client's socket (a trusted one: see relay/connection.ts).
import type { Logger } from 'pino'
import { WebSocket } from 'ws'
import { CloseCode } from '@carnet/core'
import { AddressBacklog, Connection } from '../relay/connection.js'
import { SocketBudget } from '../relay/socket-budget.js'
import type { Transport } from '../relay/transport.js'
import { decodeLinkFrame, encodeLinkFrame, LinkFrameError, type LinkFrame } from './link-frames.js'

/** Everything both ends have waiting for the link before it is given up and started again. */
const MAX_LINK_BUFFERED_BYTES = 64 * 1024 * 1024
const UNLIMITED = { messagesPerSecond: Number.POSITIVE_INFINITY, messageBurst: Number.POSITIVE_INFINITY, bytesPerSecond: Number.POSITIVE_INFINITY, bytesBurst: Number.POSITIVE_INFINITY }

export class LinkSocket {
  private alive = true
  private readonly heartbeatTimer: NodeJS.Timeout

  constructor(
    readonly ws: WebSocket,
    private readonly log: Logger,
    onFrame: (frame: LinkFrame) => void,
    heartbeatMs: number,
  ) {
    ws.binaryType = 'nodebuffer'
    ws.on('pong', () => (this.alive = true))
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      let frame: LinkFrame
      try {
        if (!isBinary) throw new LinkFrameError('expected binary frames')
        frame = decodeLinkFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
      } catch (error) {
        this.log.warn({ err: error }, 'federation link: malformed frame, closing the link')
        this.close(CloseCode.malformedMessage, `malformed link frame: ${(error as Error).message}`)
        return
      }
      onFrame(frame)
    })
    ws.on('error', (error) => this.log.debug({ err: error }, 'federation link: socket error'))
    this.heartbeatTimer = setInterval(() => {
      if (!this.alive) {
        ws.terminate()
        return
      }
      this.alive = false
      if (this.open) ws.ping()
    }, heartbeatMs)
    this.heartbeatTimer.unref()
    ws.once('close', () => clearInterval(this.heartbeatTimer))
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount
  }

  send(frame: LinkFrame): void {
    if (!this.open) return
    if (this.ws.bufferedAmount > MAX_LINK_BUFFERED_BYTES) {
      // The other end stopped reading: start again (both ends then sync what the other lacks).
      this.log.warn('federation link: the other end does not read, starting the link again')
      this.ws.terminate()
      return
    }
    this.ws.send(encodeLinkFrame(frame))
  }

  close(code: number, reason: string): void {
    clearInterval(this.heartbeatTimer)
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(code, reason.slice(0, 120))
    const timer = setTimeout(() => this.ws.terminate(), 5_000)
    timer.unref()
    this.ws.once('close', () => clearTimeout(timer))
  }

  /**
   * One page's share of the link, as a Connection for the page's room. `ended` is told when the
   * room lets go of it (a refused frame, a restart of the page) with the code and reason.
   */
  pageConnection(pageId: string, options: { keepsLoaded: boolean; ended(code: number, reason: string): void; sent?(frame: Uint8Array): void }): Connection {
    const transport = new PageShare(this, pageId, options.ended, options.sent)
    return new Connection(transport, pageId, true, undefined, 'linked relay', {
      maxBufferedBytes: MAX_LINK_BUFFERED_BYTES,
      addressBacklog: new AddressBacklog(),
      budget: new SocketBudget(UNLIMITED, 0),
      trusted: true,
      keepsLoaded: options.keepsLoaded,
    })
  }
}

/** A page's frames, carried over the link in `page` frames. */
class PageShare implements Transport {
  private ended = false

  constructor(
    private readonly socket: LinkSocket,
    private readonly pageId: string,
    private readonly onEnd: (code: number, reason: string) => void,
    private readonly onSent?: (frame: Uint8Array) => void,
  ) {}

  get open(): boolean {
    return !this.ended && this.socket.open
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount
  }

  send(data: Uint8Array): void {
    this.socket.send({ kind: 'page', pageId: this.pageId, frame: data })
    this.onSent?.(data)
  }

  close(code: number, reason: string): void {
    if (this.ended) return
    this.ended = true
    this.onEnd(code, reason)
  }

  destroy(): void {
    this.close(CloseCode.slowConsumer, 'slow consumer')
  }

  heartbeat(): boolean {
    // The link's own socket has a heartbeat of its own.
    return true
  }
}
