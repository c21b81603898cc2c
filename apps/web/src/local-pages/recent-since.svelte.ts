// After "Effacer mes pages de cet ordinateur", the next person must not find the previous one's
// meetings on the home page. The archive stays public (it is searched on purpose, from its own
// page), but "Pages récentes" lists only pages changed since the erase. The moment is read on the
// archive's clock (the newest change it listed at the erase), not this computer's, which may be
// wrong; it is the one thing an erase leaves behind, and says nothing about who wrote what.
const STORAGE_KEY = 'carnet:recent-since'

function load(): number | null {
  try {
    const value = Number(localStorage.getItem(STORAGE_KEY))
    return Number.isFinite(value) && value > 0 ? value : null
  } catch {
    return null
  }
}

const state = $state<{ since: number | null }>({ since: load() })

/** Pages changed at or before this moment (ms) are not listed as recent; null: list them all. */
export function recentSince(): number | null {
  return state.since
}

export function hideRecentUntil(moment: number): void {
  state.since = moment
  try {
    localStorage.setItem(STORAGE_KEY, String(moment))
  } catch {
    // Kept for this visit only.
  }
}

/** The archive's pages that count as recent on this computer. */
export function changedSinceErase<T extends { updatedAt: string }>(pages: readonly T[], since = state.since): T[] {
  return since === null ? [...pages] : pages.filter((page) => Date.parse(page.updatedAt) > since)
}
