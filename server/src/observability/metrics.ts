// What an operator watches (GET /metrics, Prometheus text format): sockets, pages in memory,
// updates and bytes stored, how long the archive takes to store them, and errors by kind.
// Rates (updates/s) come from Prometheus' `rate()` over the counters.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'

export type ErrorKind =
  | 'malformed-message'
  | 'store-append'
  | 'store-other'
  | 'page-load'
  | 'rate-limit'
  | 'slow-consumer'
  | 'page-too-large'
  | 'origin'
  | 'too-many-pages'
  | 'too-many-connections'
  | 'awareness-limit'
  | 'message-too-big'
  | 'bad-page-id'
  | 'page-shape'
  | 'background-job'

export class RelayMetrics {
  readonly registry = new Registry()
  readonly connections = new Gauge({ name: 'carnet_connections', help: 'Open sync sockets.', registers: [this.registry] })
  readonly pagesLoaded = new Gauge({ name: 'carnet_pages_loaded', help: 'Pages held in memory.', registers: [this.registry] })
  readonly updates = new Counter({ name: 'carnet_updates_total', help: 'Document updates stored.', registers: [this.registry] })
  readonly updateBytes = new Counter({ name: 'carnet_update_bytes_total', help: 'Bytes of document updates stored.', registers: [this.registry] })
  readonly messages = new Counter({
    name: 'carnet_messages_total',
    help: 'Frames received from clients.',
    registers: [this.registry],
  })
  readonly storeLatency = new Histogram({
    name: 'carnet_store_append_seconds',
    help: 'Time to append a group of updates to the archive (one transaction).',
    buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  })
  readonly uploads = new Counter({
    name: 'carnet_uploads_total',
    help: 'Photos sent to pages, by result (created, exists, cut when the sender hung up midway, or why refused).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  })
  readonly uploadBytes = new Counter({ name: 'carnet_upload_bytes_total', help: 'Bytes of photos stored.', registers: [this.registry] })
  readonly errors = new Counter({
    name: 'carnet_errors_total',
    help: 'Errors by kind (bad input, limits, storage).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  })

  /** When the archive last refused a write and last accepted one (ms), for /healthz. */
  lastStoreFailure = 0
  lastStoreSuccess = 0

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'carnet_' })
  }

  /** `carnet_fanout_connected`: 1 while the fan-out to the other relay processes (Redis) is up. */
  watchFanout(connected: () => boolean): void {
    new Gauge({
      name: 'carnet_fanout_connected',
      help: 'Whether the fan-out to the other relay processes (Redis) is connected (1) or reconnecting (0).',
      registers: [this.registry],
      collect() {
        this.set(connected() ? 1 : 0)
      },
    })
  }

  /** `carnet_presences` and `carnet_presence_clocks`: who is on the loaded pages, and what the relay keeps of them. */
  watchPresence(counts: () => { presences: number; clocks: number }): void {
    new Gauge({
      name: 'carnet_presences',
      help: 'Awareness states (people present) on the pages in memory.',
      registers: [this.registry],
      collect() {
        this.set(counts().presences)
      },
    })
    new Gauge({
      name: 'carnet_presence_clocks',
      help: 'Awareness clocks kept on the pages in memory: present people, and those who left recently and may come back.',
      registers: [this.registry],
      collect() {
        this.set(counts().clocks)
      },
    })
  }

  /** The room relay's link to the city: connected, pages waiting to be sent, and how long the oldest has waited. */
  watchUpstream(status: () => { connected: boolean; pagesWaiting: number; oldestWaiting: number | null }): void {
    new Gauge({
      name: 'carnet_upstream_connected',
      help: 'Whether this room relay is linked to the city’s Carnet (1) or cut off (0).',
      registers: [this.registry],
      collect() {
        this.set(status().connected ? 1 : 0)
      },
    })
    new Gauge({
      name: 'carnet_upstream_pages_waiting',
      help: 'Pages written here whose changes the city may still lack.',
      registers: [this.registry],
      collect() {
        this.set(status().pagesWaiting)
      },
    })
    new Gauge({
      name: 'carnet_upstream_lag_seconds',
      help: 'How long the oldest change the city may lack has waited (0 when none waits).',
      registers: [this.registry],
      collect() {
        const oldest = status().oldestWaiting
        this.set(oldest === null ? 0 : (Date.now() - oldest) / 1000)
      },
    })
  }

  /** `carnet_room_links`: room relays linked to this (city) Carnet. */
  watchRoomLinks(count: () => number): void {
    new Gauge({
      name: 'carnet_room_links',
      help: 'Room relays linked to this Carnet.',
      registers: [this.registry],
      collect() {
        this.set(count())
      },
    })
  }

  upload(result: string, bytes = 0): void {
    this.uploads.inc({ result })
    if (result === 'created') this.uploadBytes.inc(bytes)
  }

  error(kind: ErrorKind): void {
    this.errors.inc({ kind })
    if (kind === 'store-append') this.lastStoreFailure = Date.now()
  }

  stored(): void {
    this.lastStoreSuccess = Date.now()
  }

  /** The archive refuses writes now: its last write failed and none succeeded since. */
  storageRefusesWrites(): boolean {
    return this.lastStoreFailure > this.lastStoreSuccess
  }
}
