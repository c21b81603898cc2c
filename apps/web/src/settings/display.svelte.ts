// Display preferences of this computer: "grand texte" for people who read with difficulty, and
// whether "Détails de la page" (and the less common formatting tools) open unfolded — the last
// choice made here, for organisers who want them on every page.
const STORAGE_KEY = 'carnet:large-text'
const DETAILS_KEY = 'carnet:details'

function initial(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === '1'
  } catch {
    return false
  }
}

function initialDetails(): boolean | null {
  try {
    const saved = localStorage.getItem(DETAILS_KEY)
    return saved === 'open' ? true : saved === 'folded' ? false : null
  } catch {
    return null
  }
}

const state = $state({ largeText: initial(), detailsUnfolded: initialDetails() })

/** Whether page details open unfolded by choice on this computer; null: nobody chose. */
export function detailsUnfolded(): boolean | null {
  return state.detailsUnfolded
}

export function setDetailsUnfolded(open: boolean): void {
  state.detailsUnfolded = open
  try {
    localStorage.setItem(DETAILS_KEY, open ? 'open' : 'folded')
  } catch {
    // Applied for this visit only.
  }
}

export function largeText(): boolean {
  return state.largeText
}

export function applyDisplay(): void {
  document.documentElement.classList.toggle('large-text', state.largeText)
}

export function setLargeText(on: boolean): void {
  state.largeText = on
  try {
    if (on) localStorage.setItem(STORAGE_KEY, '1')
    else localStorage.removeItem(STORAGE_KEY)
  } catch {
    // Applied for this visit only.
  }
  applyDisplay()
}
