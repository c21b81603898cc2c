// Display preferences of this computer: "grand texte" for people who read with difficulty.
const STORAGE_KEY = 'carnet:large-text'

function initial(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === '1'
  } catch {
    return false
  }
}

const state = $state({ largeText: initial() })

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
