// Before erasing, gives every page with unsent changes a chance to reach the relay: each is opened
// without an editor, synced, and confirmed by the relay, or given up on after a delay.
import { PageSession } from '../../sync/page-session.svelte.js'
import { localPage } from '../../local-pages/local-pages.svelte.js'

const GIVE_UP_AFTER_MS = 15_000

export async function sendWaitingPages(pageIds: readonly string[]): Promise<{ stillWaiting: string[] }> {
  // The browser knows it has no network: say so at once rather than after a long wait.
  if (!navigator.onLine) return { stillWaiting: [...pageIds] }
  const results = await Promise.all(pageIds.map((id) => sendOne(id)))
  return { stillWaiting: pageIds.filter((_, i) => !results[i]) }
}

function sendOne(pageId: string): Promise<boolean> {
  const session = new PageSession(pageId, localPage(pageId)?.editKey)
  return new Promise<boolean>((resolve) => {
    let settled = false
    const done = (sent: boolean) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      // Not from inside the effect that noticed: destroying the session tears that effect down.
      queueMicrotask(() => {
        stop()
        session.destroy()
        resolve(sent)
      })
    }
    const timer = setTimeout(() => done(false), GIVE_UP_AFTER_MS)
    const stop = $effect.root(() => {
      $effect(() => {
        if (session.facts.localLoaded && session.facts.synced && session.facts.pending === 0) done(true)
      })
    })
  })
}
