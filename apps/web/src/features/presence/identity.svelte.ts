// Who is writing on this computer: a name and a colour, asked once and remembered in this
// browser (and removed by "Effacer mes pages de cet ordinateur").
import { cleanName, randomWriterColor } from './palette.js'

export interface Identity {
  name: string
  color: string
}

const STORAGE_KEY = 'carnet:identity'

function load(): Identity | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY)
    if (!raw) return null
    const value = JSON.parse(raw) as Partial<Identity>
    const name = cleanName(String(value.name ?? ''))
    const color = typeof value.color === 'string' && /^#[0-9a-f]{6}$/i.test(value.color) ? value.color : randomWriterColor()
    return name ? { name, color } : null
  } catch {
    return null
  }
}

const state = $state<{ identity: Identity | null; fallbackColor: string }>({
  identity: load(),
  fallbackColor: randomWriterColor(),
})

export function identity(): Identity | null {
  return state.identity
}

/** The colour to show before a name is chosen (stable for this visit). */
export function pendingColor(): string {
  return state.fallbackColor
}

export function saveIdentity(next: Identity): void {
  const clean = { name: cleanName(next.name), color: next.color }
  if (!clean.name) throw new Error('a name is required')
  state.identity = clean
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(clean))
  } catch {
    // Kept for this visit only.
  }
}

export function forgetIdentity(): void {
  state.identity = null
  try {
    localStorage.removeItem(STORAGE_KEY)
  } catch {
    // Nothing stored.
  }
}
