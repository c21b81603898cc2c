// One open page in the browser: its Y.Doc, the copy in IndexedDB (y-indexeddb) and the live
// connection to the relay (a stock y-websocket provider, with Carnet's extension switched on so
// the relay confirms what it has stored). Exposes what the writer needs to know as reactive state:
// the page's details, its writers, who is here, where things stand with the relay (and, on a room
// relay, its link to the city), whether this browser may write. The writer's own changes (see change-source.ts) are counted until the relay
// confirms them and signed with the writer's name; their keystrokes are announced as typing.
import * as Y from 'yjs'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import type { Awareness } from 'y-protocols/awareness'
import type * as decoding from 'lib0/decoding'
import {
  CARNET_CLIENT_PARAM,
  EDIT_KEY_PARAM,
  MessageType,
  encodeAccessRequest,
  encodeStoredQuery,
  isValidPageId,
  pageBody,
  pageMetaMap,
  readCarnetRelayMessage,
  readPageMeta,
  readWriters,
  recordWriter,
  writersMap,
  type AccessRequest,
  type AccessState,
  type LinkState,
  type PageMeta,
  type RelayNotice,
  type Writer,
} from '@carnet/core'
import { localPage, rememberPage } from '../local-pages/local-pages.svelte.js'
import { takePageCreation } from '../local-pages/page-creation.js'
import { applyPageCreation } from '../local-pages/apply-page-creation.js'
import { PendingChanges, syncStatus, type Connection, type SyncFacts, type SyncStatus } from './sync-state.js'
import { LocalFirstOutbox, storeBarrier } from './local-first-outbox.js'
import { ConnectionWatch } from './connection-watch.js'
import { clearJournal, readJournal, saveJournal } from './unload-journal.js'
import { localDatabaseName } from './local-database-name.js'
import { changeSource, type ChangeSource } from './change-source.js'
import { carryLocalCopy, dropLocalCopy } from './moved-aside.js'
import { readPresence, TypingClock, type Present } from '../features/presence/presence.js'

export function syncServerUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`
}

/** How long to wait after a burst of typing before asking the relay to confirm. */
const CONFIRM_DELAY_MS = 250
/** The typing mark changes at most this often while keys go down… */
const TYPING_MARK_EVERY_MS = 1_000
/** …and is cleared after this long without a keystroke. */
const TYPING_PAUSE_MS = 1_500

export class PageSession {
  readonly doc = new Y.Doc()
  readonly local: IndexeddbPersistence
  readonly provider: WebsocketProvider
  readonly outbox: LocalFirstOutbox
  readonly facts = $state<
    SyncFacts & { localLoaded: boolean; access: AccessState | null; notice: RelayNotice | null; link: LinkState | null }
  >({
    connection: 'connecting',
    unreachable: false,
    synced: false,
    pending: 0,
    refusal: null,
    localLoaded: false,
    access: null,
    notice: null,
    link: null,
  })
  readonly status: SyncStatus = $derived(syncStatus(this.facts))
  meta = $state<PageMeta>(readPageMeta(this.doc))
  writers = $state<Map<number, Writer>>(new Map())
  people = $state<Present[]>([])
  /** Nobody has written at this address yet (see noticeIfEmptyOnArrival). */
  emptyOnArrival = $state(false)
  /**
   * On a room relay: the city's Carnet held this page id under another key, and what was written
   * in the room is kept under this page id (the relay's `moved-aside` notice; remembered here).
   */
  movedTo = $state<string | null>(null)
  /** The move happened while this tab had the page open: it let go of the relay, and writes no more here. */
  private movedAsideHere = $state(false)

  /** This tab let go of the page when it moved (see keepMovedAside): no connection to speak of. */
  get letGo(): boolean {
    return this.movedAsideHere
  }

  private readonly pending: PendingChanges
  private readonly connectionWatch: ConnectionWatch
  private confirmTimer: ReturnType<typeof setTimeout> | null = null
  private syncedSinceConnect = false
  private writer: Writer | null = null
  private watchingEmptyArrival = false

  constructor(
    readonly pageId: string,
    readonly editKey: string | undefined,
  ) {
    this.pending = new PendingChanges(localPage(pageId)?.pending ?? 0)
    this.movedTo = localPage(pageId)?.movedTo ?? null
    this.facts.pending = this.pending.count
    // Keystrokes a closed tab could not commit to IndexedDB come back first; IndexedDB then
    // stores them with the rest when it opens, and the journal is cleared once that is done.
    const journal = readJournal(pageId)
    if (journal) Y.applyUpdate(this.doc, journal)
    this.local = new IndexeddbPersistence(localDatabaseName(pageId), this.doc)
    void this.local.whenSynced.then(async () => {
      this.facts.localLoaded = true
      this.onMeta()
      this.onWriters()
      if (journal && this.local.db) {
        await storeBarrier(this.local.db)
        clearJournal(pageId)
      }
    })

    this.provider = new WebsocketProvider(syncServerUrl(), pageId, this.doc, {
      params: { [CARNET_CLIENT_PARAM]: '1', ...(editKey ? { [EDIT_KEY_PARAM]: editKey } : {}) },
      // Another tab of this browser shares the IndexedDB copy already; BroadcastChannel would only
      // duplicate traffic.
      disableBc: true,
      // Tried even when the browser says it is offline: the socket, not the browser, tells (see
      // connection-watch.ts). A failed attempt costs little, and the back-off keeps them rare.
      maxBackoffTime: 5_000,
    })
    this.connectionWatch = new ConnectionWatch(this.provider, this.facts)
    this.outbox = new LocalFirstOutbox(this.doc, this.provider, this.local)
    this.provider.messageHandlers[MessageType.carnet] = (_encoder: unknown, decoder: decoding.Decoder) => {
      this.onCarnetMessage(decoder)
    }
    this.provider.on('status', ({ status }: { status: Connection }) => {
      if (status !== 'connected') {
        this.facts.synced = false
        this.syncedSinceConnect = false
        // Told again on the next connection; until then nobody knows.
        this.facts.link = null
      } else {
        this.facts.refusal = null
      }
    })
    this.provider.on('sync', (synced: boolean) => {
      this.facts.synced = synced
      if (synced) {
        this.syncedSinceConnect = true
        if (this.watchingEmptyArrival && isBlank(this.doc)) this.emptyOnArrival = true
        // The sync exchange carried every change made while away: ask the relay to confirm.
        this.askConfirmation()
      }
    })
    this.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event && event.code >= 4000) this.facts.refusal = { code: event.code, reason: event.reason }
    })
    this.doc.on('update', this.onDocUpdate)
    pageMetaMap(this.doc).observe(this.onMeta)
    writersMap(this.doc).observe(this.onWriters)
    this.awareness.on('change', this.onPresence)
    this.announceRole()
    this.onPresence()
    window.addEventListener('pagehide', this.keepUnsaved)
    document.addEventListener('visibilitychange', this.onVisibility)
  }

  private readonly onVisibility = (): void => {
    // A hidden tab may be discarded without any other warning (phones, memory pressure).
    if (document.visibilityState === 'hidden') this.keepUnsaved()
  }

  /** The tab goes away (reload, close, hidden): keep what IndexedDB may not have committed yet. */
  private readonly keepUnsaved = (): void => {
    // Carried to the page's new id already (see keepMovedAside).
    if (this.movedAsideHere) return
    const unsaved = this.outbox.unsavedChanges()
    if (!unsaved) return
    const earlier = readJournal(this.pageId)
    saveJournal(this.pageId, earlier ? Y.mergeUpdates([earlier, unsaved]) : unsaved)
  }

  /** Whether this browser may write: before the relay answers (or offline), what it said last time; a new page is writable. */
  get canWrite(): boolean {
    if (this.movedAsideHere) return false
    return this.facts.access?.canWrite ?? localPage(this.pageId)?.canWrite ?? true
  }

  /**
   * Whether this browser holds a writer's rights on the page, closed or not: true, false (a reader:
   * a read-only link, a wrong key), or null while nobody knows yet (no key, the relay not heard).
   */
  get isWriter(): boolean | null {
    const access = this.facts.access
    if (access) return access.canWrite || access.hasKey || access.openToAll
    if (this.editKey) return true
    return localPage(this.pageId)?.canWrite ?? null
  }

  /** Others see a reader apart from those who write (presence.ts), and no typing from them. */
  private announceRole(): void {
    const reading = this.isWriter !== true
    if (this.awareness.getLocalState()?.reading !== reading) this.awareness.setLocalStateField('reading', reading)
  }

  get awareness(): Awareness {
    return this.provider.awareness
  }

  /** Where a change to this page's doc came from (the origin of a Y.Doc `update` event). */
  sourceOf(origin: unknown): ChangeSource {
    return changeSource(origin, this)
  }

  private readonly onDocUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (this.emptyOnArrival && !isBlank(this.doc)) this.emptyOnArrival = false
    // Changes from the relay or read back from IndexedDB are not this writer's to send.
    if (this.sourceOf(origin) !== 'this-tab') return
    this.pending.recordLocalChange()
    this.publishPending()
    if (this.confirmTimer === null) {
      this.confirmTimer = setTimeout(() => {
        this.confirmTimer = null
        this.askConfirmation()
      }, CONFIRM_DELAY_MS)
    }
    // The page's writers map is signed once, with this writer's first change.
    if (this.writer && !writersMap(this.doc).has(String(this.doc.clientID))) recordWriter(this.doc, this.writer)
  }

  private readonly onMeta = (): void => {
    this.meta = readPageMeta(this.doc)
    // The list of pages on this computer shows the title without opening the page.
    rememberPage(this.pageId, { title: this.meta.title })
  }

  private readonly onWriters = (): void => {
    this.writers = readWriters(this.doc)
  }

  private readonly typingClock = new TypingClock()
  private fadeTimer: ReturnType<typeof setTimeout> | null = null

  private readonly onPresence = (): void => {
    const now = Date.now()
    this.people = readPresence(this.awareness, { typingClock: this.typingClock, closed: this.facts.access?.closed ?? false, now })
    // A typing mark left behind (a sleeping tab, a lost message) fades by itself.
    if (this.fadeTimer !== null) clearTimeout(this.fadeTimer)
    const fade = this.typingClock.nextFade(now)
    this.fadeTimer = fade === null ? null : setTimeout(this.onPresence, fade - now + 10)
  }

  /**
   * Who writes from this tab (null: nobody named yet). Their first change signs the page's writers
   * map; a writer who renames themselves after signing is shown under the new name.
   */
  signAs(writer: Writer | null): void {
    this.writer = writer
    if (writer && writersMap(this.doc).has(String(this.doc.clientID))) recordWriter(this.doc, writer)
  }

  /**
   * A page opened here for the first time without an edit link may be a mistyped address: once in
   * step with the relay, `emptyOnArrival` says whether nobody has written there yet, rather than let
   * someone write alone on a page nobody else will open. It clears as soon as the page holds anything.
   */
  noticeIfEmptyOnArrival(): void {
    this.watchingEmptyArrival = true
    if (this.facts.synced && isBlank(this.doc)) this.emptyOnArrival = true
  }

  /** A page created in this browser gets its metadata and template (call once its local copy is open). */
  completeCreation(language: 'fr' | 'en'): void {
    const creation = takePageCreation(this.pageId)
    if (creation) applyPageCreation(this.doc, creation, language, new Date())
  }

  private askConfirmation(): void {
    if (!this.provider.wsconnected || !this.syncedSinceConnect) return
    // Queued behind the changes it covers: they reach the relay first.
    this.outbox.sendAfterLocalWrites(encodeStoredQuery(this.pending.lastSeq))
  }

  private onCarnetMessage(decoder: decoding.Decoder): void {
    const frame = readCarnetRelayMessage(decoder)
    if (!frame) return
    switch (frame.kind) {
      case 'stored':
        this.pending.confirm(frame.seq, this.syncedSinceConnect)
        this.publishPending()
        return
      case 'access':
        this.facts.access = frame.state
        // Remembered for the next visit, which may be offline.
        rememberPage(this.pageId, { canWrite: frame.state.canWrite })
        if (!frame.state.canWrite) this.stopTyping()
        this.announceRole()
        // Nobody is shown typing on a closed page.
        this.onPresence()
        return
      case 'notice':
        this.facts.notice = frame.notice
        if (frame.notice.code === 'moved-aside' && isValidPageId(frame.notice.movedTo)) this.keepMovedAside(frame.notice.movedTo)
        return
      case 'link':
        this.facts.link = frame.state
        return
    }
  }

  /**
   * The room's text went to a new page id (see moved-aside.ts). This tab lets go of the relay at
   * once — the id is the city's page now, which must not merge into the room's text shown here —
   * and writes no more on it. This browser's copy, unconfirmed changes included, goes to the new id,
   * listed among this computer's pages with the same key (the room relay claimed it with that key)
   * and with the changes still to send; the old id's copy is dropped, and where the text went is
   * remembered for the next visit.
   */
  private keepMovedAside(to: string): void {
    if (this.movedAsideHere) return
    this.movedAsideHere = true
    this.movedTo = to
    // Not even when the network comes back (the watch would try again).
    this.connectionWatch.destroy()
    this.provider.disconnect()
    this.stopTyping()
    const unsent = this.pending.count
    rememberPage(this.pageId, { movedTo: to, pending: 0 })
    rememberPage(to, {
      title: this.meta.title,
      lastOpened: Date.now(),
      ...(this.editKey ? { editKey: this.editKey, canWrite: true } : {}),
      ...(unsent > 0 ? { pending: unsent } : {}),
    })
    const state = Y.encodeStateAsUpdate(this.doc)
    carryLocalCopy(state, to).then(
      () => {
        clearJournal(this.pageId)
        dropLocalCopy(this.pageId)
      },
      // Kept where it is: the next visit to this page still has the room's text on this computer.
      () => {},
    )
  }

  /** Close, reopen or open the page to all (the relay checks the edit key). */
  requestAccess(request: AccessRequest): void {
    this.outbox.sendAfterLocalWrites(encodeAccessRequest(request))
  }

  private typingTimer: ReturnType<typeof setTimeout> | null = null
  private typingMarkedAt = 0

  /**
   * The writer pressed a key that changed the page (the editor or the title, not a template being
   * applied nor a change arriving): tells the others, and stops saying it after a short pause.
   */
  noteTyping(): void {
    if (!this.canWrite || this.facts.access?.closed) return
    const now = Date.now()
    if (now - this.typingMarkedAt >= TYPING_MARK_EVERY_MS) {
      this.typingMarkedAt = now
      // Any new value will do: each browser times it on its own clock (presence.ts).
      this.awareness.setLocalStateField('typing', now)
    }
    if (this.typingTimer !== null) clearTimeout(this.typingTimer)
    this.typingTimer = setTimeout(() => this.stopTyping(), TYPING_PAUSE_MS)
  }

  private stopTyping(): void {
    if (this.typingTimer !== null) clearTimeout(this.typingTimer)
    this.typingTimer = null
    this.typingMarkedAt = 0
    if (this.awareness.getLocalState()?.typing) this.awareness.setLocalStateField('typing', null)
  }

  private publishPending(): void {
    this.facts.pending = this.pending.count
    rememberPage(this.pageId, { pending: this.pending.count, lastOpened: Date.now() })
  }

  /** Tries the relay again now rather than after the provider's back-off. */
  retryNow(): void {
    this.connectionWatch.retryNow()
  }

  destroy(): void {
    if (this.confirmTimer !== null) clearTimeout(this.confirmTimer)
    if (this.typingTimer !== null) clearTimeout(this.typingTimer)
    if (this.fadeTimer !== null) clearTimeout(this.fadeTimer)
    this.connectionWatch.destroy()
    window.removeEventListener('pagehide', this.keepUnsaved)
    document.removeEventListener('visibilitychange', this.onVisibility)
    this.doc.off('update', this.onDocUpdate)
    pageMetaMap(this.doc).unobserve(this.onMeta)
    writersMap(this.doc).unobserve(this.onWriters)
    this.awareness.off('change', this.onPresence)
    this.outbox.destroy()
    this.provider.destroy()
    void this.local.destroy()
    this.doc.destroy()
  }
}

/** Nothing written yet: no body, no title. */
function isBlank(doc: Y.Doc): boolean {
  return pageBody(doc).length === 0 && !readPageMeta(doc).title
}
