// Fan-out between relay processes through Redis pub/sub (CARNET_REDIS_URL): one channel per page
// (`<prefix>page:<pageId>`), subscribed while a room holds the page. Two connections, as Redis
// requires: one subscribed, one to publish and hold compaction leases.
//
// Redis is a messenger, never a store: every update it carries is already in PostgreSQL. So when
// it goes away, nothing is lost, only late. ioredis reconnects by itself; this module then
// resubscribes every page and tells every room to catch up from the archive (it may have missed
// messages meanwhile). A publication that failed while Redis was away is replaced, once the
// publishing connection is back, by a "catch up" message on that page's channel, for the
// processes whose own connection never dropped. Publishing never waits: no offline queue grows
// while Redis is down.
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { redactUrl } from '../observability/redact-url.js'
import type { Fanout, FanoutStatus, PageChannel, PeerHandlers } from './fanout.js'
import { CompactionLeases } from './compaction-lease.js'
import { decodePeerMessage, encodePeerMessage, type PeerMessage } from './peer-message.js'

export interface RedisFanoutOptions {
  url: string
  /** Prefix of every channel and key: deployments sharing one Redis keep apart (pub/sub ignores database numbers). */
  prefix: string
  log: Logger
  /** How long the first connection may take before the start fails. */
  connectTimeoutMs?: number
}

/** A command that has not answered by then fails: a connection that died silently is not waited on. */
const COMMAND_TIMEOUT_MS = 3_000
/** A page whose subscription failed is tried again this often while a room holds it. */
const RESUBSCRIBE_MS = 1_000

interface PageEntry {
  channel: string
  handlers: Set<PeerHandlers>
}

export class RedisFanout implements Fanout {
  /** This process's id in messages: it hears its own publications and skips them. */
  readonly id = randomBytes(8).toString('hex')
  private readonly pub: Redis
  private readonly sub: Redis
  private readonly leases: CompactionLeases
  private readonly pages = new Map<string, PageEntry>()
  /** Pages whose publication failed: a catch-up is published for them once Redis is back. */
  private readonly missed = new Set<string>()
  private readonly pagePrefix: string
  private closed = false
  private subReadyBefore = false
  private missedTimer: NodeJS.Timeout | null = null
  private unreachableSince = 0

  private constructor(private readonly options: RedisFanoutOptions) {
    const common = {
      lazyConnect: true,
      commandTimeout: COMMAND_TIMEOUT_MS,
      // Fail at once while disconnected rather than queue: the archive has the updates.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt: number) => Math.min(50 * attempt, 1_000),
    }
    this.pub = new Redis(options.url, { ...common, connectionName: `carnet-pub-${this.id}` })
    // Subscriptions are ours to renew (with a catch-up), not ioredis's.
    this.sub = new Redis(options.url, { ...common, autoResubscribe: false, connectionName: `carnet-sub-${this.id}` })
    this.pagePrefix = `${options.prefix}page:`
    this.leases = new CompactionLeases(this.pub, options.prefix)
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onMessage(channel, message))
    this.sub.on('ready', () => void this.onSubReady())
    this.pub.on('ready', () => this.onPubReady())
    for (const connection of [this.pub, this.sub]) {
      connection.on('error', (error: Error) => this.onUnreachable(error))
      connection.on('close', () => this.onUnreachable(null))
    }
  }

  /** Connects both connections; fails with a clear message when Redis does not answer in time. */
  static async connect(options: RedisFanoutOptions): Promise<RedisFanout> {
    const fanout = new RedisFanout(options)
    const timeoutMs = options.connectTimeoutMs ?? 10_000
    let timer: NodeJS.Timeout | undefined
    try {
      await Promise.race([
        Promise.all([fanout.pub.connect(), fanout.sub.connect()]),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
        }),
      ])
    } catch (error) {
      await fanout.close()
      throw new Error(`cannot reach Redis at ${redactUrl(options.url)} (CARNET_REDIS_URL): ${(error as Error).message}`)
    } finally {
      clearTimeout(timer)
    }
    options.log.info({ process: fanout.id }, 'fan-out: connected to Redis')
    return fanout
  }

  status(): FanoutStatus {
    return { mode: 'redis', connected: this.pub.status === 'ready' && this.sub.status === 'ready' }
  }

  async join(pageId: string, handlers: PeerHandlers): Promise<PageChannel> {
    let entry = this.pages.get(pageId)
    if (!entry) {
      entry = { channel: this.pagePrefix + pageId, handlers: new Set() }
      this.pages.set(pageId, entry)
    }
    const first = entry.handlers.size === 0
    entry.handlers.add(handlers)
    // Subscribed before the room reads the page: what is published after the read arrives.
    if (first) await this.subscribe(pageId, entry)
    return this.channelFor(pageId, entry, handlers)
  }

  private channelFor(pageId: string, entry: PageEntry, handlers: PeerHandlers): PageChannel {
    const publish = (message: PeerMessage) => this.publish(pageId, entry.channel, message)
    return {
      publishUpdates: (updates) => publish({ kind: 'updates', updates: [...updates] }),
      publishAwareness: (update) => publish({ kind: 'awareness', update }),
      publishAccessChanged: (access) => publish({ kind: 'access-changed', access }),
      queryAwareness: () => publish({ kind: 'awareness-query' }),
      withCompactionLease: (task) => this.leases.withLease(pageId, task),
      leave: () => {
        entry.handlers.delete(handlers)
        if (entry.handlers.size > 0 || this.pages.get(pageId) !== entry) return
        this.pages.delete(pageId)
        if (this.sub.status === 'ready') this.sub.unsubscribe(entry.channel).catch(() => {})
      },
    }
  }

  /** Subscribes to a page's channel; while Redis is away, the reconnection does it (with a catch-up). */
  private async subscribe(pageId: string, entry: PageEntry): Promise<void> {
    if (this.sub.status !== 'ready') return
    try {
      await this.sub.subscribe(entry.channel)
    } catch {
      // Not subscribed, or not known to be: try again, and catch up once it holds.
      this.retrySubscribe(pageId, entry)
    }
  }

  private retrySubscribe(pageId: string, entry: PageEntry): void {
    const timer = setTimeout(async () => {
      if (this.closed || this.pages.get(pageId) !== entry || this.sub.status !== 'ready') return
      try {
        await this.sub.subscribe(entry.channel)
        for (const handlers of entry.handlers) handlers.catchUp()
      } catch {
        this.retrySubscribe(pageId, entry)
      }
    }, RESUBSCRIBE_MS)
    timer.unref()
  }

  private publish(pageId: string, channel: string, message: PeerMessage): void {
    if (this.closed) return
    const data = Buffer.from(encodePeerMessage(this.id, message))
    const failed = () => {
      // Awareness is renewed by its clients every 15 s; a query is only a courtesy. Document
      // changes and access changes must reach the others: they will catch up.
      if (message.kind === 'updates' || message.kind === 'access-changed' || message.kind === 'catch-up') {
        this.missed.add(pageId)
        this.retryMissedSoon()
      }
    }
    if (this.pub.status !== 'ready') {
      failed()
      return
    }
    this.pub.publish(channel, data).catch(failed)
  }

  private onMessage(channelBytes: Buffer, data: Buffer): void {
    const channel = channelBytes.toString('utf8')
    if (!channel.startsWith(this.pagePrefix)) return
    const entry = this.pages.get(channel.slice(this.pagePrefix.length))
    if (!entry) return
    const decoded = decodePeerMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    if (!decoded || decoded.sender === this.id) return
    const { message } = decoded
    for (const handlers of entry.handlers) {
      switch (message.kind) {
        case 'updates':
          handlers.updates(message.updates)
          break
        case 'awareness':
          handlers.awareness(message.update)
          break
        case 'access-changed':
          handlers.accessChanged(message.access)
          break
        case 'awareness-query':
          handlers.awarenessQuery()
          break
        case 'catch-up':
          handlers.catchUp()
          break
      }
    }
  }

  /** (Re)connected: subscribe to every page held, and, after an outage, catch every room up. */
  private async onSubReady(): Promise<void> {
    const reconnected = this.subReadyBefore
    this.subReadyBefore = true
    const entries = [...this.pages.entries()]
    if (entries.length > 0) {
      try {
        await this.sub.subscribe(...entries.map(([, entry]) => entry.channel))
      } catch {
        for (const [pageId, entry] of entries) this.retrySubscribe(pageId, entry)
        return
      }
    }
    if (!reconnected) return
    this.options.log.info({ pages: entries.length, downMs: this.unreachableSince ? Date.now() - this.unreachableSince : 0 }, 'fan-out: Redis is back, catching up every page from the archive')
    this.unreachableSince = 0
    for (const [, entry] of entries) for (const handlers of entry.handlers) handlers.catchUp()
  }

  /** A publication failed while the connection stayed up (a timeout): say "catch up" again soon. */
  private retryMissedSoon(): void {
    if (this.missedTimer !== null || this.closed) return
    this.missedTimer = setTimeout(() => {
      this.missedTimer = null
      // Still down: the connection's 'ready' does it.
      if (this.pub.status === 'ready') this.onPubReady()
    }, RESUBSCRIBE_MS)
    this.missedTimer.unref()
  }

  private onPubReady(): void {
    const pages = [...this.missed]
    this.missed.clear()
    for (const pageId of pages) this.publish(pageId, this.pagePrefix + pageId, { kind: 'catch-up' })
  }

  private onUnreachable(error: Error | null): void {
    if (this.closed || this.unreachableSince) return
    this.unreachableSince = Date.now()
    this.options.log.warn({ err: error ?? undefined }, 'fan-out: Redis unreachable, reconnecting (updates are still stored; other processes catch up when it is back)')
  }

  async close(): Promise<void> {
    this.closed = true
    this.pages.clear()
    await Promise.all(
      [this.pub, this.sub].map(async (connection) => {
        try {
          if (connection.status === 'ready') await connection.quit()
          else connection.disconnect()
        } catch {
          connection.disconnect()
        }
      }),
    )
  }
}
