// "Préparer la réunion suivante": the body of the next meeting's page, made from the same
// template, with what the previous meeting leaves to it — the actions not yet done, under
// "Actions en cours", and the names chosen from its participants in "Participants". Pure: the
// browser builds it (offline too) and the new page is created like any other.
import type { PmNode } from '../page-schema.js'
import { findSections, isList, isParticipantsHeading, nodeText, ownText } from '../page-tree/sections.js'
import { isChecked, taskItems } from '../project-items/page-items.js'
import { isPlaceholderAction } from '../project-items/action-fields.js'

export interface NextMeetingHeadings {
  /** "Participants": the section added when the template has none. */
  participants: string
  /** "Actions en cours". */
  ongoingActions: string
}

export const NEXT_MEETING_HEADINGS: Readonly<Record<'fr' | 'en', NextMeetingHeadings>> = {
  fr: { participants: 'Participants', ongoingActions: 'Actions en cours' },
  en: { participants: 'Participants', ongoingActions: 'Ongoing actions' },
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

/**
 * The actions of a page not yet done, each as a task item of its own: unchecked task items, with
 * their text and what they hold besides nested task lists (those are actions of their own, taken
 * in their turn). The template's empty action line is left behind.
 */
export function openActions(body: PmNode): PmNode[] {
  return taskItems(body)
    .filter((item) => !isChecked(item) && !isPlaceholderAction(ownText(item)))
    .map((item) => ({
      type: 'taskItem',
      attrs: { checked: false },
      content: copy((item.content ?? []).filter((child) => child.type !== 'taskList')),
    }))
}

/** The names listed under "Participants" (one per list item), in order, each once. */
export function participantNames(body: PmNode): string[] {
  const names: string[] = []
  const seen = new Set<string>()
  for (const section of findSections(body, isParticipantsHeading)) {
    for (const block of section.blocks) {
      if (!isList(block)) continue
      for (const item of block.content ?? []) {
        const name = ownText(item).trim()
        const key = name.toLocaleLowerCase('fr')
        if (name && !seen.has(key)) {
          seen.add(key)
          names.push(name)
        }
      }
    }
  }
  return names
}

const paragraph = (text: string): PmNode => (text ? { type: 'paragraph', content: [{ type: 'text', text }] } : { type: 'paragraph' })
const heading = (text: string): PmNode => ({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text }] })
const nameList = (names: readonly string[]): PmNode => ({
  type: 'bulletList',
  content: (names.length > 0 ? names : ['']).map((name) => ({ type: 'listItem', content: [paragraph(name)] })),
})

export interface NextMeetingInput {
  /** The template's body, in the page's language (a blank page's is one empty paragraph). */
  template: PmNode
  /** Open actions of the previous meeting (`openActions`). */
  actions: readonly PmNode[]
  /** Names chosen from the previous meeting's participants. */
  participants: readonly string[]
  headings: NextMeetingHeadings
}

/**
 * The template's body with the chosen names in its "Participants" list (a section is added at the
 * top when it has none and there are names), then "Actions en cours" with the open actions right
 * after that section (or at the top).
 */
export function nextMeetingBody(input: NextMeetingInput): PmNode {
  const blocks = copy(input.template.content ?? [])
  // A blank page is one empty paragraph: what is added replaces it rather than sit above it.
  const blank = blocks.length === 1 && blocks[0]!.type === 'paragraph' && !nodeText(blocks[0]!)
  if (blank) blocks.length = 0
  let after = 0
  const [participants] = findSections({ type: 'doc', content: blocks }, isParticipantsHeading)
  if (participants) {
    after = participants.end
    if (input.participants.length > 0) {
      const listIndex = blocks.findIndex((block, index) => index > participants.heading && index < participants.end && isList(block))
      if (listIndex >= 0) blocks[listIndex] = nameList(input.participants)
      else blocks.splice(participants.heading + 1, 0, nameList(input.participants))
      after = findSections({ type: 'doc', content: blocks }, isParticipantsHeading)[0]!.end
    }
  } else if (input.participants.length > 0) {
    blocks.unshift(heading(input.headings.participants), nameList(input.participants))
    after = 2
  }
  if (input.actions.length > 0) {
    blocks.splice(after, 0, heading(input.headings.ongoingActions), { type: 'taskList', content: copy([...input.actions]) })
  }
  if (blocks.length === 0) blocks.push(paragraph(''))
  return { type: 'doc', content: blocks }
}
