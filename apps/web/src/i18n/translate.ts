// Messages with their values filled in, and their singular or plural form picked: pure, so the
// rules are tested without a browser.
import { fr, type Catalogue, type MessageKey } from './fr.js'

export type Locale = 'fr' | 'en'

/**
 * A message with its values filled in. A message may hold its singular and plural forms as
 * "one|other"; `{count}` picks the form by the language's rules (in French, 0 and 1 are singular).
 */
export function translate(catalogue: Catalogue, key: MessageKey, params?: Record<string, string | number>, language: Locale = 'fr'): string {
  let text = catalogue[key] ?? fr[key] ?? key
  if (text.includes('|')) {
    const [one = text, other = one] = text.split('|')
    const count = params?.count
    text = typeof count === 'number' && new Intl.PluralRules(language).select(count) === 'one' ? one : other
  }
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}
