// The courier: changes still waiting on this computer leave as soon as the relay can be reached,
// even when nobody opens their page again — on a shared computer, the next person may never reopen
// a page written offline. Each waiting page not open in this tab gets a session without an editor
// (Yjs, IndexedDB, the stock provider), which keeps trying the relay with its back-off (5 s at
// most) until the relay confirms every change; then it closes. Nothing waits for the browser's
// 'online' event: it may never come (a relay down while the Wi-Fi is up), or come wrong.
import { PageSession } from '../../sync/page-session.svelte.js'
import { localPage, localPages } from '../../local-pages/local-pages.svelte.js'
import { isOpenInThisTab } from '../../sync/open-sessions.js'

/** "Effacer mes pages" waits at most this long for waiting changes to leave. */
const SEND_NOW_LIMIT_MS = 15_000

interface Delivery {
  session: PageSession
  /** Resolves true once the relay confirmed everything, false if the delivery was stopped. */
  done: Promise<boolean>
  stop: () => void
}

const deliveries = new Map<string, Delivery>()

/** Starts delivering every page with waiting changes that is not open in this tab. */
export function deliverWaitingPages(): void {
  for (const page of localPages()) {
    if (page.pending > 0 && !isOpenInThisTab(page.id)) deliver(page.id)
  }
}

function deliver(pageId: string): Delivery {
  const running = deliveries.get(pageId)
  if (running) return running
  const session = new PageSession(pageId, localPage(pageId)?.editKey)
  // Nobody is on the page: the courier is not shown among the people there.
  session.awareness.setLocalState(null)
  let finish: (sent: boolean) => void = () => {}
  const done = new Promise<boolean>((resolve) => (finish = resolve))
  let settled = false
  const stop = (sent = false) => {
    if (settled) return
    settled = true
    stopWatching()
    deliveries.delete(pageId)
    session.destroy()
    finish(sent)
  }
  const stopWatching = $effect.root(() => {
    $effect(() => {
      const { localLoaded, synced, pending } = session.facts
      // Not from inside the effect that noticed: destroying the session tears that effect down.
      if (localLoaded && synced && pending === 0) queueMicrotask(() => stop(true))
    })
  })
  const delivery: Delivery = { session, done, stop: () => stop(false) }
  deliveries.set(pageId, delivery)
  return delivery
}

/** A page opened in this tab sends its own changes: the courier lets go of it. */
export function releasePage(pageId: string): void {
  deliveries.get(pageId)?.stop()
}

/**
 * Tries to send these pages' waiting changes now (before erasing them): resolves with the pages
 * whose changes could not leave — the relay cannot be reached, or the limit passed. Their delivery
 * goes on in the background.
 */
export async function sendNow(pageIds: readonly string[], limitMs = SEND_NOW_LIMIT_MS): Promise<{ stillWaiting: string[] }> {
  const sent = await Promise.all(pageIds.map((pageId) => (isOpenInThisTab(pageId) ? Promise.resolve(false) : sendOneNow(pageId, limitMs))))
  return { stillWaiting: pageIds.filter((_, i) => !sent[i]) }
}

function sendOneNow(pageId: string, limitMs: number): Promise<boolean> {
  const { session, done } = deliver(pageId)
  session.retryNow()
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => settle(false), limitMs)
    let settled = false
    const settle = (sent: boolean) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      queueMicrotask(() => stopWatching())
      resolve(sent)
    }
    void done.then(settle)
    const stopWatching = $effect.root(() => {
      $effect(() => {
        if (session.facts.unreachable) settle(false)
      })
    })
  })
}

/** Closes every delivery (their pages are about to be erased). */
export function stopDeliveries(): void {
  for (const delivery of [...deliveries.values()]) delivery.stop()
}
