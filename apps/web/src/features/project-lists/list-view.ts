// What the lists show, as pure functions: the items a search keeps (accents and case ignored, in
// the words, who does it and the meeting's title), grouped by meeting, and the actions past their day.
import { foldForSearch } from '@carnet/core'
import type { ActionItem, ProjectItemPage } from '@carnet/core/http-api'

/** The items whose words, who or meeting title hold every typed word. */
export function searched<T extends ProjectItemPage & { text: string; who?: string }>(items: readonly T[], typed: string): T[] {
  const words = foldForSearch(typed).split(/\s+/).filter(Boolean)
  if (words.length === 0) return [...items]
  return items.filter((item) => {
    const haystack = foldForSearch(`${item.text} ${item.who ?? ''} ${item.pageTitle}`)
    return words.every((word) => haystack.includes(word))
  })
}

export interface MeetingGroup<T> {
  pageId: string
  pageTitle: string
  day: string
  items: T[]
}

/** Consecutive items of one meeting together, in the order given. */
export function byMeeting<T extends ProjectItemPage>(items: readonly T[]): MeetingGroup<T>[] {
  const groups: MeetingGroup<T>[] = []
  for (const item of items) {
    const last = groups.at(-1)
    if (last && last.pageId === item.pageId) last.items.push(item)
    else groups.push({ pageId: item.pageId, pageTitle: item.pageTitle, day: item.day, items: [item] })
  }
  return groups
}

/** An open action whose day has passed (`today`: `YYYY-MM-DD`). */
export function isLate(action: Pick<ActionItem, 'due' | 'done'>, today: string): boolean {
  return !action.done && action.due !== '' && action.due < today
}
