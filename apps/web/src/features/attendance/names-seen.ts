// The names of the people on a page during the meeting, as this browser saw them: everyone who
// wrote with a name while the page was open here (and whoever is here now), in the order they
// came. Kept in this tab's memory only — nothing about presence is written into the page unless
// the facilitator asks ("Noter qui est venu"), and then only the names chosen.
import type { Present } from '../presence/presence.js'
import { ANONYMOUS_NAME } from '../../i18n/anonymous-name.js'

/** What a writer who gave no name is shown as, in either language: not a name to note. */
const UNNAMED = new Set(Object.values(ANONYMOUS_NAME).map((name) => name.toLocaleLowerCase('fr')))

const keyOf = (name: string) => name.toLocaleLowerCase('fr')

/**
 * `seen` with the named writers among `people` added (readers have no name to give; "Anonyme" is
 * none); the same array when nobody new came.
 */
export function withNamesSeen(seen: readonly string[], people: readonly Present[]): readonly string[] {
  const keys = new Set(seen.map(keyOf))
  const added: string[] = []
  for (const person of people) {
    const name = person.name.replace(/\s+/g, ' ').trim()
    const key = keyOf(name)
    if (!name || person.reading || UNNAMED.has(key) || keys.has(key)) continue
    keys.add(key)
    added.push(name)
  }
  return added.length > 0 ? [...seen, ...added] : seen
}
