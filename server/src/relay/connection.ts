// One client socket on one page. It only knows how to send safely (never to a closed socket, and
// never letting a client that does not read grow the relay's memory) and how to say goodbye with a
// reason; what the bytes mean is the room's business.
import { WebSocket } from 'ws'
import { CloseCode, type AccessState, type NoticeCode } from '@carnet/core'

export interface ConnectionOptions {
  /** A client whose socket has more than this many bytes waiting is dropped as a slow consumer. */
  maxBufferedBytes: number
  /** Told when the relay drops this socket for not reading. */
  onSlowConsumer?: () => void
}

let nextConnectionId = 1

export class Connection {
  readonly id = nextConnectionId++
  /** Awareness client ids this socket has announced, removed from the room when it leaves. */
  readonly awarenessClients = new Set<number>()
  /** Answered pings since the last check; a socket that stops answering is ended. */
  alive = true
  /** The socket is closing or closed (by either side); sending is pointless. */
  closed = false
  /**
   * The relay ended this socket because of what it sent or could not store: frames from it still
   * waiting in the room are ignored. Frames from a socket its client closed are still applied, so
   * the last keystrokes before a tab closes are kept.
   */
  rejected = false
  /** What this socket may do on its page; set when it joins, updated when the page's access changes. */
  rights: AccessState = { canWrite: false, openToAll: false, closed: false, hasKey: false }
  /** Refusals already explained to this client (each is said once, not for every keystroke). */
  readonly noticesSent = new Set<NoticeCode>()
  /** This socket sent changes the relay refused: it never gets a "stored" confirmation again. */
  refusedWrites = false

  constructor(
    readonly ws: WebSocket,
    readonly pageId: string,
    /** The client asked for Carnet's extension messages (`carnet=1`). */
    readonly speaksCarnet: boolean,
    /** The edit key from the sync URL's `k` parameter, when it has the right form. */
    readonly editKey: string | undefined,
    private readonly options: ConnectionOptions,
  ) {
    ws.on('pong', () => {
      this.alive = true
    })
  }

  send(data: Uint8Array): void {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return
    if (this.ws.bufferedAmount > this.options.maxBufferedBytes) {
      this.options.onSlowConsumer?.()
      this.close(CloseCode.slowConsumer, 'slow consumer: too much data waiting to be read')
      return
    }
    this.ws.send(data)
  }

  /** Sends only to clients that understand Carnet's extension messages. */
  sendCarnet(data: Uint8Array): void {
    if (this.speaksCarnet) this.send(data)
  }

  close(code: number, reason: string): void {
    if (this.closed) return
    this.closed = true
    // Errors (4xxx, oversized frames) discard what the socket still had queued; a shutdown or a
    // restart does not: its last frames are still written.
    this.rejected = code >= 4000 || code === CloseCode.messageTooBig
    // A close frame carries at most 123 bytes of reason.
    const short = Buffer.from(reason).subarray(0, 123).toString().replace(/\uFFFD$/, '')
    if (code === CloseCode.slowConsumer) {
      // Its buffer is already full: a polite close frame would wait behind it.
      this.ws.terminate()
      return
    }
    this.ws.close(code, short)
    // A peer that never answers the close frame must not hold the socket open.
    const timer = setTimeout(() => this.ws.terminate(), 5_000)
    timer.unref()
    this.ws.once('close', () => clearTimeout(timer))
  }
}
