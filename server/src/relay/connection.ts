// One client socket on one page. It only knows how to send safely (never to a closed socket, and
// never letting a client that does not read grow the relay's memory) and how to say goodbye with a
// reason; what the bytes mean is the room's business.
//
// A socket that does not read piles up what is sent to it. Document changes are kept for it up to
// a limit, then it is dropped (a slow consumer: its client reconnects and syncs). Presence is not
// worth keeping: a socket that is behind — or whose address's sockets are, together — misses
// presence updates and gets the whole presence once it has caught up.
import { CloseCode, type AccessState, type NoticeCode } from '@carnet/core'
import type { SocketBudget } from './socket-budget.js'
import type { Transport } from './transport.js'

/** A socket this far behind gets no presence updates until it catches up. */
export const PRESENCE_BACKLOG_BYTES = 64 * 1024
/** The sockets of one address this far behind, together, get no presence updates while behind. */
export const ADDRESS_PRESENCE_BACKLOG_BYTES = 4 * 1024 * 1024

/** What the sockets of one address have waiting to be sent, together (as last seen on each). */
export class AddressBacklog {
  bytes = 0
}

export interface ConnectionOptions {
  /** A client whose socket has more than this many bytes waiting is dropped as a slow consumer. */
  maxBufferedBytes: number
  /** Shared by the sockets of the same address. */
  addressBacklog: AddressBacklog
  /** What the socket may send and ask for. */
  budget: SocketBudget
  /** Told when the relay drops this socket for not reading. */
  onSlowConsumer?: () => void
  /** Told when the relay closes this socket, and why. */
  onClose?: (code: number, reason: string) => void
  /**
   * The other end is a relay this one trusts (a room relay and the city's, over the federation
   * link): it has checked its own clients' rights, speaks for all their presences, and is held to
   * no budget.
   */
  trusted?: boolean
  /** The page stays in memory while this connection is on it (every client socket; not a room relay's link). */
  keepsLoaded?: boolean
}

let nextConnectionId = 1

export class Connection {
  readonly id = nextConnectionId++
  /** Awareness client ids this socket holds now, removed from the room when it leaves. */
  readonly awarenessClients = new Set<number>()
  /** What this socket announced of presence over its life (see awareness-screen.ts). */
  readonly presence = { mentioned: new Set<number>(), clockShift: new Map<number, number>() }
  /** What the socket may still send and ask for. */
  readonly budget: SocketBudget
  /** A relay this one trusts, not a client (see `ConnectionOptions.trusted`). */
  readonly trusted: boolean
  /** See `ConnectionOptions.keepsLoaded`. */
  readonly keepsLoaded: boolean
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
  /** This socket's backlog as last counted in its address's. */
  private countedBacklog = 0
  /** Presence updates were skipped while it was behind: it gets the whole presence next. */
  private missedPresence = false

  constructor(
    readonly transport: Transport,
    readonly pageId: string,
    /** The client asked for Carnet's extension messages (`carnet=1`). */
    readonly speaksCarnet: boolean,
    /** The edit key from the sync URL's `k` parameter, when it has the right form. */
    readonly editKey: string | undefined,
    /** The client's address (see http/client-address.ts). */
    readonly address: string,
    private readonly options: ConnectionOptions,
  ) {
    this.budget = options.budget
    this.trusted = options.trusted ?? false
    this.keepsLoaded = options.keepsLoaded ?? true
  }

  /**
   * Whose presences this socket speaks for: the edit key's holders are one owner, anyone else is
   * known by their address. A reader can never take over a presence the facilitator announced.
   */
  get presenceOwner(): string {
    if (this.trusted) return 'linked relay'
    return this.rights.hasKey ? 'edit-key' : `address ${this.address}`
  }

  send(data: Uint8Array): void {
    if (this.closed || !this.transport.open) return
    if (this.backlog() > this.options.maxBufferedBytes) {
      this.options.onSlowConsumer?.()
      this.close(CloseCode.slowConsumer, 'slow consumer: too much data waiting to be read')
      return
    }
    this.transport.send(data)
  }

  /** Sends a presence update, unless the socket is behind; `whole` is sent instead once it caught up. */
  sendPresence(data: Uint8Array, whole: () => Uint8Array): void {
    if (this.closed || !this.transport.open) return
    const backlog = this.backlog()
    if (backlog > PRESENCE_BACKLOG_BYTES || (backlog > 0 && this.options.addressBacklog.bytes > ADDRESS_PRESENCE_BACKLOG_BYTES)) {
      this.missedPresence = true
      return
    }
    if (this.missedPresence) {
      this.missedPresence = false
      this.send(whole())
      return
    }
    this.send(data)
  }

  /** Sends only to clients that understand Carnet's extension messages. */
  sendCarnet(data: Uint8Array): void {
    if (this.speaksCarnet) this.send(data)
  }

  close(code: number, reason: string): void {
    if (this.closed) return
    this.options.onClose?.(code, reason)
    this.ended()
    // Errors (4xxx, oversized frames) discard what the socket still had queued; a shutdown or a
    // restart does not: its last frames are still written.
    this.rejected = code >= 4000 || code === CloseCode.messageTooBig
    // A close frame carries at most 123 bytes of reason.
    const short = Buffer.from(reason).subarray(0, 123).toString().replace(/\uFFFD$/, '')
    if (code === CloseCode.slowConsumer) {
      // Its buffer is already full: a polite close frame would wait behind it.
      this.transport.destroy()
      return
    }
    this.transport.close(code, short)
  }

  /** The socket is closing or closed: it no longer counts in its address's backlog. */
  ended(): void {
    this.closed = true
    this.options.addressBacklog.bytes -= this.countedBacklog
    this.countedBacklog = 0
  }

  /** What waits to be sent on this socket, counted in its address's backlog. */
  private backlog(): number {
    const bytes = this.transport.bufferedAmount
    this.options.addressBacklog.bytes += bytes - this.countedBacklog
    this.countedBacklog = bytes
    return bytes
  }
}
