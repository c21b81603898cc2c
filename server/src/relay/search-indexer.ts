// Keeps a page's entry in the archive's search index (title, body text, place, tags, number of
// writers) in step with its document: a few seconds after a change, at most once per delay while
// people type — never on a keystroke's path — and at unload. A freshly loaded page counts as
// changed, so a page archived before the index existed (or indexed by an older Carnet) is indexed
// the first time someone opens it.
import type { Logger } from 'pino'
import type { PageCatalogue } from '../archive/store.js'
import { pageIndexEntry } from '../archive/page-index-entry.js'
import type { CommittedPage } from './committed-page.js'
import type { RelayMetrics } from '../observability/metrics.js'
import { backgroundWork } from './background-work.js'

export const SEARCH_INDEX_DELAY_MS = 2_000

export class SearchIndexer {
  private dirty = true
  private timer: NodeJS.Timeout | null = null
  private queue: Promise<void> = Promise.resolve()
  private stopped = false

  constructor(
    private readonly pageId: string,
    private readonly store: Pick<PageCatalogue, 'indexPage'>,
    private readonly room: CommittedPage,
    private readonly log: Logger,
    private readonly metrics: Pick<RelayMetrics, 'error'>,
    private readonly delayMs = SEARCH_INDEX_DELAY_MS,
  ) {}

  /** A group of changes was stored. */
  changed(): void {
    this.dirty = true
    if (this.timer !== null || this.stopped) return
    this.timer = setTimeout(() => {
      this.timer = null
      void this.flush()
    }, this.delayMs)
    this.timer.unref()
  }

  /** Indexes the page now if it changed since it was last indexed. */
  flush(): Promise<void> {
    this.queue = this.queue.then(() => this.indexNow())
    return this.queue
  }

  stop(): void {
    this.stopped = true
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
  }

  private async indexNow(): Promise<void> {
    await this.room.whenIdle()
    if (!this.dirty || this.stopped || this.room.state !== 'ready') return
    this.dirty = false
    try {
      // Through the shared queue: pages due at the same moment are indexed one per event-loop turn.
      // The entry is read there too, so that reading a large page holds up nobody else's turn.
      await backgroundWork.run(() => this.store.indexPage(this.pageId, pageIndexEntry(this.room.doc)))
    } catch (error) {
      // Search is behind, nothing is lost: the next change or the unload tries again.
      this.dirty = true
      this.metrics.error('background-job')
      this.log.error({ err: error, pageId: this.pageId, job: 'search-index' }, 'could not index the page for search')
    }
  }
}
