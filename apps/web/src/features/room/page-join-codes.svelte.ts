// A page's join code as the projector and the share dialog show it: the code that writes for whoever
// holds the edit key, the one that reads otherwise. The server makes codes only for a page it holds
// (409 before the page's first save there), so the code is asked again whenever the page's socket
// tells something new (in step with the relay, rights changed) and while it waits, a few times;
// offline, it appears once Carnet is back online; a closed page has none.
import { fetchJoinCodes } from './room-api.js'

export type JoinCodeView =
  | { status: 'loading' }
  | { status: 'ready'; code: string; writes: boolean; readCode: string }
  | { status: 'not-saved' }
  | { status: 'offline' }
  | { status: 'closed' }
  | { status: 'error'; message: string }

/** What the page's socket says, as far as the code is concerned. */
export interface PageStanding {
  closed: boolean
  /** In step with the relay (the sync exchange done). */
  synced: boolean
  /** The socket's rights as last told, to notice any change (a claim, a reopening). */
  access: unknown
}

/** A page not saved yet is asked again this often, this many times, besides each new word from its socket. */
const RETRY_MS = 2_000
const RETRIES = 10

export class PageJoinCodes {
  view = $state<JoinCodeView>({ status: 'loading' })
  private asking = false
  private askAgain = false
  private retries = 0
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private standing: PageStanding = { closed: false, synced: false, access: null }
  private destroyed = false

  constructor(
    readonly pageId: string,
    private editKey: string | undefined,
  ) {}

  /** Call with the page's standing whenever it changes (an effect on the session's facts). */
  follow(standing: PageStanding): void {
    this.standing = standing
    if (standing.closed) {
      this.stopRetrying()
      this.view = { status: 'closed' }
      return
    }
    if (this.view.status === 'ready') return
    this.retries = 0
    void this.ask()
  }

  private async ask(): Promise<void> {
    if (this.asking) {
      this.askAgain = true
      return
    }
    this.asking = true
    this.stopRetrying()
    const answer = await fetchJoinCodes(this.pageId, this.editKey)
    this.asking = false
    if (this.destroyed) return
    if (this.standing.closed) {
      this.view = { status: 'closed' }
    } else if (answer.ok) {
      const { edit, read } = answer.value
      this.view = { status: 'ready', code: (edit ?? read).code, writes: edit !== null, readCode: read.code }
    } else if (answer.status === 403 && this.editKey) {
      // A key this browser kept that is not the page's: the code that reads is all it can give.
      this.editKey = undefined
      this.askAgain = true
    } else if (answer.status === 409 && answer.reason === 'closed') {
      // Closed on the server before this tab heard of it: its socket will say so too.
      this.view = { status: 'closed' }
    } else if (answer.status === 409) {
      this.view = { status: 'not-saved' }
      if (this.retries++ < RETRIES) this.retryTimer = setTimeout(() => void this.ask(), RETRY_MS)
    } else if (answer.status === 'offline') {
      this.view = { status: 'offline' }
    } else {
      this.view = { status: 'error', message: answer.message }
    }
    if (this.askAgain && this.view.status !== 'ready') {
      this.askAgain = false
      void this.ask()
    }
    this.askAgain = false
  }

  private stopRetrying(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer)
    this.retryTimer = null
  }

  destroy(): void {
    this.destroyed = true
    this.stopRetrying()
  }
}
