// Who is on the page, in one line: those who write, then those who only read ("2 personnes
// écrivent · 1 lit"). Readers are never counted among the writers.
import { t } from '../../i18n/i18n.svelte.js'
import type { Present } from './presence.js'

export function presenceSummary(people: readonly Present[]): string {
  const readers = people.filter((person) => person.reading).length
  const writers = people.length - readers
  if (writers === 0 && readers > 0) return t('presence.readersOnly', { count: readers })
  const summary = t('presence.writers', { count: writers })
  return readers > 0 ? `${summary} · ${t('presence.readers', { count: readers })}` : summary
}
