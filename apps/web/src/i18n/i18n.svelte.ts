// The language of the interface: French first, English second, chosen from the browser and
// switchable (remembered on this computer). `t()` reads reactive state, so text re-renders when
// the language changes. The French catalogue is in the app's first script; the English one is a
// chunk of its own, loaded when English is chosen (the service worker keeps it for offline use).
import { fr, type Catalogue, type MessageKey } from './fr.js'
import { frenchSpacing, withFrenchSpacing } from './french-spacing.js'
import { translate, type Locale } from './translate.js'

export type { Locale }

const FRENCH: Catalogue = withFrenchSpacing(fr)
const STORAGE_KEY = 'carnet:locale'

let english: Promise<Catalogue> | null = null
function loadEnglish(): Promise<Catalogue> {
  english ??= import('./en.js').then(
    (module) => module.en,
    (error: unknown) => {
      // Asked again next time (a network hiccup on a first visit); meanwhile French stays.
      english = null
      throw error
    },
  )
  return english
}

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

/** The language shown and its catalogue: they change together, once the catalogue is here. */
let state = $state.raw<{ locale: Locale; catalogue: Catalogue }>({ locale: 'fr', catalogue: FRENCH })

export function locale(): Locale {
  return state.locale
}

async function show(next: Locale): Promise<void> {
  const catalogue = next === 'en' ? await loadEnglish() : FRENCH
  state = { locale: next, catalogue }
  document.documentElement.lang = next
}

/** The language this browser asked for, its catalogue loaded: awaited before the app is shown. */
export async function startLocale(): Promise<void> {
  const wanted = initialLocale()
  if (wanted === 'fr') return
  try {
    await show(wanted)
  } catch {
    // The English chunk could not load: the app opens in French rather than not at all.
  }
}

export async function setLocale(next: Locale): Promise<void> {
  try {
    await show(next)
  } catch {
    // The English chunk could not load (never cached, and no network): the language stays.
    return
  }
  try {
    localStorage.setItem(STORAGE_KEY, next)
  } catch {
    // Not remembered, still applied.
  }
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(state.catalogue, key, params, state.locale)
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
