// A page's history, as the room lives it: a version (the whole Yjs state, with the names of those
// who wrote since the previous one) is saved on a timer while the page is being edited — once per
// interval, only when something changed — and as soon as the last socket that wrote leaves, and
// at unload. A version is taken when the room is idle, so it holds exactly what is in the archive.
// Versions are whole states, so they are spaced out: at most one per minute while the page is
// loaded (a writer leaving sooner only brings the next one forward), whatever the clients do.
// Versions only go through the store and are never deleted: a restore is a new change on top.
import * as Y from 'yjs'
import type { Logger } from 'pino'
import type { PageHistory } from '../archive/store.js'
import type { Connection } from './connection.js'
import type { CommittedPage } from './committed-page.js'
import { clocksAdvanced, stateVectorOf, writersSince } from './version-writers.js'
import type { RelayMetrics } from '../observability/metrics.js'
import { backgroundWork } from './background-work.js'

/** Least time between two versions of a page while it is loaded (unload is not held back). */
export const MIN_VERSION_GAP_MS = 60_000

export class HistoryRecorder {
  /** State vector of the last version (or of the page as loaded, before it has any). */
  private baseline = new Map<number, number>()
  private changed = false
  /** Sockets that wrote since the last version and are still here. */
  private readonly writing = new Set<Connection>()
  /** Awareness client ids of sockets that wrote and left (their ids are gone from the room). */
  private readonly goneWriters = new Set<number>()
  private timer: NodeJS.Timeout | null = null
  private queue: Promise<void> = Promise.resolve()
  private stopped = false
  private lastSavedAt = 0

  constructor(
    private readonly pageId: string,
    private readonly store: PageHistory,
    private readonly room: CommittedPage,
    private readonly intervalMs: number,
    private readonly log: Logger,
    private readonly metrics: Pick<RelayMetrics, 'error'>,
    private readonly minGapMs = Math.min(MIN_VERSION_GAP_MS, intervalMs),
  ) {}

  /** The page is loaded: what it holds now is news only if the last version lacks it (a crash). */
  start(): void {
    this.baseline = stateVectorOf(this.room.doc)
    this.queue = this.queue.then(() => this.readLastVersion())
  }

  /** A group of changes was stored; `from` are the sockets that sent them (null: the relay). */
  wrote(from: Iterable<Connection | null>): void {
    if (this.stopped) return
    this.changed = true
    let lastWriterGone = false
    for (const conn of from) {
      if (!conn) continue
      // The last frames of a socket that already left are still applied: it wrote, then left.
      if (conn.closed) {
        for (const id of conn.awarenessClients) this.goneWriters.add(id)
        lastWriterGone = true
      } else {
        this.writing.add(conn)
      }
    }
    if (lastWriterGone && this.writing.size === 0) {
      this.recordSoon()
      return
    }
    this.recordIn(this.intervalMs)
  }

  /** Saves a version now, or as soon as the gap since the last one allows. */
  private recordSoon(): void {
    const wait = this.lastSavedAt + this.minGapMs - Date.now()
    if (wait <= 0) {
      void this.record()
      return
    }
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    this.recordIn(wait)
  }

  private recordIn(ms: number): void {
    if (this.timer !== null || this.stopped) return
    this.timer = setTimeout(() => {
      this.timer = null
      void this.record()
    }, ms)
    this.timer.unref()
  }

  /** A socket left; if it was the last one that wrote since the last version, a version is saved. */
  left(conn: Connection): void {
    if (!this.writing.delete(conn)) return
    for (const id of conn.awarenessClients) this.goneWriters.add(id)
    if (this.writing.size === 0) this.recordSoon()
  }

  /** Saves a version now if anything changed since the last one (at unload). */
  flush(): Promise<void> {
    return this.record()
  }

  stop(): void {
    this.stopped = true
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
  }

  private record(): Promise<void> {
    this.queue = this.queue.then(() =>
      // A version that cannot be taken must never take the relay down: the page itself is stored.
      this.recordNow().catch((error: unknown) => {
        this.metrics.error('background-job')
        this.log.error({ err: error, pageId: this.pageId, job: 'history' }, 'could not take a version')
      }),
    )
    return this.queue
  }

  private async recordNow(): Promise<void> {
    // Frames already received (a leaving socket's last keystrokes) are stored first.
    await this.room.whenIdle()
    if (!this.changed || this.stopped || this.room.state !== 'ready') return
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    const doc = this.room.doc
    const state = Y.encodeStateAsUpdate(doc)
    const now = stateVectorOf(doc)
    const clients = new Set(this.goneWriters)
    for (const conn of this.writing) for (const id of conn.awarenessClients) clients.add(id)
    const writers = writersSince(doc, this.baseline, clients)
    this.changed = false
    this.writing.clear()
    this.goneWriters.clear()
    try {
      await backgroundWork.run(() => this.store.saveVersion(this.pageId, { state, createdAt: Date.now(), writers }).then(() => undefined))
      this.baseline = now
      this.lastSavedAt = Date.now()
    } catch (error) {
      // Nothing is lost (the page itself is in the archive): the next change or the unload retries.
      this.changed = true
      for (const id of clients) this.goneWriters.add(id)
      this.metrics.error('background-job')
      this.log.warn({ err: error, pageId: this.pageId, job: 'history' }, 'could not save a version of the page')
    }
  }

  private async readLastVersion(): Promise<void> {
    try {
      const [last] = await this.store.listVersions(this.pageId, 1)
      const version = last ? await this.store.loadVersion(this.pageId, last.id) : null
      if (this.stopped) return
      if (!version) {
        // Written, then the relay stopped before any version was taken (a crash): all of it is news.
        if (stateVectorOf(this.room.doc).size > 0) {
          this.changed = true
          this.baseline = new Map()
        }
        return
      }
      this.lastSavedAt = Math.max(this.lastSavedAt, last!.createdAt)
      const since = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(version.state))
      if (clocksAdvanced(stateVectorOf(this.room.doc), since)) this.changed = true
      this.baseline = since
    } catch (error) {
      this.log.warn({ err: error, pageId: this.pageId }, 'could not read the last version of the page')
    }
  }
}
