// Checking an action from the archive's list checks it in its page: the same Y.Doc, opened here
// as the editor opens it — this computer's copy (IndexedDB), then the relay — with the page's
// edit key from this computer's list of pages. Without the key the box is read-only (the view
// says why). The change is the page's like any other: kept on this computer first, sent when the
// relay can be reached (by the courier if the list is left before), seen by everyone on the page.
import type { ActionItem } from '@carnet/core/http-api'
import { setTaskChecked } from '@carnet/core/task-check'
import { localPage } from '../../local-pages/local-pages.svelte.js'
import { PageSession } from '../../sync/page-session.svelte.js'
import { trackSession } from '../../sync/open-sessions.js'

/** How long to wait for the relay's copy before checking this computer's (offline, it never comes). */
const RELAY_WAIT_MS = 4_000

export type ActionCheckResult = 'changed' | 'unchanged' | 'not-found' | 'no-key' | 'read-only' | 'saved-locally'

interface OpenPage {
  session: PageSession
  untrack: () => void
}

const open = new Map<string, OpenPage>()

/** Whether this computer holds the key to write the action's page. */
export function canCheckHere(pageId: string): boolean {
  return localPage(pageId)?.editKey !== undefined
}

function openPage(pageId: string, editKey: string): PageSession {
  const known = open.get(pageId)
  if (known) return known.session
  const session = new PageSession(pageId, editKey)
  // Nobody is on the page: the list is not shown among the people there.
  session.awareness.setLocalState(null)
  open.set(pageId, { session, untrack: trackSession(session) })
  return session
}

/** Resolves once the relay's copy has arrived, or the relay cannot be reached, or after a while. */
function relayCopy(session: PageSession): Promise<void> {
  if (session.provider.synced) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      session.provider.off('sync', onSync)
      session.provider.off('connection-error', done)
      resolve()
    }
    const onSync = (synced: boolean) => synced && done()
    const timer = setTimeout(done, RELAY_WAIT_MS)
    session.provider.on('sync', onSync)
    session.provider.on('connection-error', done)
  })
}

export async function checkAction(action: ActionItem, checked: boolean): Promise<ActionCheckResult> {
  const editKey = localPage(action.pageId)?.editKey
  if (!editKey) return 'no-key'
  const session = openPage(action.pageId, editKey)
  await session.local.whenSynced
  await relayCopy(session)
  if (session.facts.access && !session.facts.access.canWrite) return 'read-only'
  const result = setTaskChecked(session.doc, action.position, action.text, checked)
  if (result === 'changed' && !session.provider.synced) return 'saved-locally'
  return result
}

/** The list is left: its pages close (their waiting changes go with the courier). */
export function closeActionPages(): void {
  for (const { session, untrack } of open.values()) {
    untrack()
    session.destroy()
  }
  open.clear()
}
