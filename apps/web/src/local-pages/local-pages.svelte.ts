// The pages kept on this computer: which ones were opened here, their last known title, the edit
// key when this browser has one, and how many changes are still waiting to be sent. The page
// contents themselves live in IndexedDB (y-indexeddb); this index lives in localStorage so the
// home page can list them without opening any database.
import { isValidEditKey } from '@carnet/core/edit-key'
import { isValidPageId } from '@carnet/core/page-id'

export interface LocalPage {
  id: string
  title: string
  editKey?: string
  /** Last time the page was opened or changed here (ms). */
  lastOpened: number
  /** Local changes the relay has not confirmed yet. */
  pending: number
  /** Whether this browser could write the page last time the relay said (for offline visits). */
  canWrite?: boolean
  /** The page was created in this browser: whoever uses it is the meeting's facilitator. */
  createdHere?: boolean
  /** On a room relay, the room's text of this page was kept under this page id (see PageSession.movedTo). */
  movedTo?: string
}

const STORAGE_KEY = 'carnet:pages'

function load(): Record<string, LocalPage> {
  try {
    const raw = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Record<string, Partial<LocalPage>>
    const pages: Record<string, LocalPage> = {}
    for (const [id, page] of Object.entries(raw)) {
      if (!isValidPageId(id)) continue
      pages[id] = {
        id,
        title: typeof page.title === 'string' ? page.title : '',
        ...(isValidEditKey(page.editKey) ? { editKey: page.editKey } : {}),
        lastOpened: typeof page.lastOpened === 'number' ? page.lastOpened : 0,
        pending: typeof page.pending === 'number' && page.pending > 0 ? page.pending : 0,
        ...(typeof page.canWrite === 'boolean' ? { canWrite: page.canWrite } : {}),
        ...(page.createdHere === true ? { createdHere: true } : {}),
        ...(isValidPageId(page.movedTo) ? { movedTo: page.movedTo } : {}),
      }
    }
    return pages
  } catch {
    return {}
  }
}

const state = $state<{ pages: Record<string, LocalPage> }>({ pages: load() })

function persist(): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(state.pages))
  } catch {
    // Storage full or disabled: the list is kept for this visit.
  }
}

// Another tab of the same browser changed the list.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY) state.pages = load()
  })
}

export function localPages(): LocalPage[] {
  return Object.values(state.pages).sort((a, b) => b.lastOpened - a.lastOpened)
}

export function localPage(id: string): LocalPage | undefined {
  return state.pages[id]
}

export function rememberPage(id: string, patch: Partial<Omit<LocalPage, 'id'>> = {}): void {
  const previous = state.pages[id] ?? { id, title: '', lastOpened: 0, pending: 0 }
  const next: LocalPage = { ...previous, ...patch, id }
  if (patch.editKey === undefined && previous.editKey) next.editKey = previous.editKey
  const same = JSON.stringify(previous) === JSON.stringify(next) && state.pages[id]
  if (same) return
  state.pages[id] = next
  persist()
}

export function forgetAllPages(): void {
  state.pages = {}
  try {
    localStorage.removeItem(STORAGE_KEY)
  } catch {
    // Nothing stored.
  }
}
