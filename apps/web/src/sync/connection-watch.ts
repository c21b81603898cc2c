// Where the socket to the relay stands, from what really happens to it (y-websocket's provider):
// it opened; it dropped; an attempt failed before opening (the provider then only says
// "connecting" again, so a failed attempt is seen through `connection-close` while not connected);
// or an attempt hangs past a few seconds. The browser's online/offline events are hints to try
// again at once, never the status itself: `navigator.onLine` has been seen wrong after a reload
// (Chromium 150), and it knows nothing of a relay that is down while the Wi-Fi is up.
import type { WebsocketProvider } from 'y-websocket'
import type { Connection } from './sync-state.js'

/** An attempt still connecting after this long counts as "cannot reach the relay". */
export const CONNECT_PATIENCE_MS = 4_000

export interface ConnectionFacts {
  connection: Connection
  unreachable: boolean
}

type Status = { status: Connection }

/** Where the browser's online/offline events come from (the window; none in unit tests). */
export type NetworkHints = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>

export interface ConnectionWatchOptions {
  hints?: NetworkHints | null
  patienceMs?: number
}

export class ConnectionWatch {
  private patience: ReturnType<typeof setTimeout> | null = null
  private readonly hints: NetworkHints | null
  private readonly patienceMs: number

  constructor(
    private readonly provider: WebsocketProvider,
    private readonly facts: ConnectionFacts,
    options: ConnectionWatchOptions = {},
  ) {
    this.hints = options.hints === undefined ? window : options.hints
    this.patienceMs = options.patienceMs ?? CONNECT_PATIENCE_MS
    provider.on('status', this.onStatus)
    provider.on('connection-close', this.onClose)
    this.hints?.addEventListener('online', this.retryNow)
    this.hints?.addEventListener('offline', this.onBrowserOffline)
    if (provider.wsconnecting) this.waitPatiently()
  }

  /** Tries the relay again at once rather than after the provider's back-off (e.g. the network is back). */
  readonly retryNow = (): void => {
    if (this.provider.wsconnected) return
    this.provider.disconnect()
    // A new attempt starts: what it meets decides the status again.
    this.facts.unreachable = false
    this.provider.connect()
  }

  private readonly onStatus = ({ status }: Status): void => {
    this.facts.connection = status
    this.stopWaiting()
    if (status === 'connected') this.facts.unreachable = false
    else if (status === 'disconnected') this.facts.unreachable = true
    else this.waitPatiently()
  }

  private readonly onClose = (): void => {
    // Emitted before the provider resets its state: a socket that never opened failed to connect.
    if (this.provider.wsconnected) return
    this.stopWaiting()
    this.facts.unreachable = true
    this.facts.connection = 'disconnected'
  }

  private readonly onBrowserOffline = (): void => {
    // The socket may linger half-open for minutes: close it and see whether a new one opens.
    if (!this.provider.wsconnected) return
    this.provider.disconnect()
    this.provider.connect()
  }

  private waitPatiently(): void {
    if (this.patience !== null || this.facts.unreachable) return
    this.patience = setTimeout(() => {
      this.patience = null
      if (!this.provider.wsconnected) this.facts.unreachable = true
    }, this.patienceMs)
  }

  private stopWaiting(): void {
    if (this.patience === null) return
    clearTimeout(this.patience)
    this.patience = null
  }

  destroy(): void {
    this.stopWaiting()
    this.provider.off('status', this.onStatus)
    this.provider.off('connection-close', this.onClose)
    this.hints?.removeEventListener('online', this.retryNow)
    this.hints?.removeEventListener('offline', this.onBrowserOffline)
  }
}
