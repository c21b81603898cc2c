// The language of the interface: French first, English second, chosen from the browser and
// switchable (remembered on this computer). `t()` reads reactive state, so text re-renders when
// the language changes.
import { en } from './en.js'
import { fr, type Catalogue, type MessageKey } from './fr.js'
import { frenchSpacing, withFrenchSpacing } from './french-spacing.js'
import { translate, type Locale } from './translate.js'

export type { Locale }

const CATALOGUES: Record<Locale, Catalogue> = { fr: withFrenchSpacing(fr), en }
const STORAGE_KEY = 'carnet:locale'

export function pickLocale(saved: string | null, browserLanguages: readonly string[]): Locale {
  if (saved === 'fr' || saved === 'en') return saved
  for (const language of browserLanguages) {
    const base = language.toLowerCase().split('-')[0]
    if (base === 'fr') return 'fr'
    if (base === 'en') return 'en'
  }
  return 'fr'
}

function initialLocale(): Locale {
  if (typeof window === 'undefined') return 'fr'
  let saved: string | null = null
  try {
    saved = localStorage.getItem(STORAGE_KEY)
  } catch {
    // Storage can be disabled; the browser's languages still decide.
  }
  return pickLocale(saved, navigator.languages ?? [navigator.language])
}

const state = $state<{ locale: Locale }>({ locale: initialLocale() })

export function locale(): Locale {
  return state.locale
}

export function setLocale(next: Locale): void {
  state.locale = next
  try {
    localStorage.setItem(STORAGE_KEY, next)
  } catch {
    // Not remembered, still applied.
  }
  document.documentElement.lang = next
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(CATALOGUES[state.locale], key, params, state.locale)
}

/** A text that comes with its own translations (templates' names and descriptions). */
export function localized(text: Readonly<Record<Locale, string>>): string {
  return state.locale === 'fr' ? frenchSpacing(text.fr) : text.en
}

/** "12 mars 2026 à 14:05" / "12 March 2026 at 14:05". */
export function formatDateTime(ms: number): string {
  return new Intl.DateTimeFormat(state.locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short' }).format(ms)
}

export function formatDate(isoDay: string): string {
  const [y, m, d] = isoDay.split('-').map(Number)
  if (!y || !m || !d) return isoDay
  return new Intl.DateTimeFormat(state.locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'full', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d))
}

export type { MessageKey }
