// A page's sections as people lay them out: a top-level heading and the blocks after it, up to the
// next heading of the same level or above. Decisions, participants and the agenda are all found
// this way, by the heading's words (accents, case and closing punctuation ignored), so imported
// pages and pages written before these features take part as long as they use the usual words.
import type { PmNode } from '../page-schema.js'

/** All the text of a node, its blocks and hard breaks as spaces, runs of spaces folded. */
export function nodeText(node: PmNode): string {
  const parts: string[] = []
  // A stack of its own (a page's depth is whatever its writers sent); a block's space is pushed
  // under its children, so it comes out after them and two blocks never fuse their words.
  const stack: Array<PmNode | ' '> = [node]
  while (stack.length > 0) {
    const current = stack.pop()!
    if (current === ' ') parts.push(' ')
    else if (current.type === 'text') parts.push(current.text ?? '')
    else if (current.type === 'hardBreak') parts.push(' ')
    else {
      stack.push(' ')
      const children = current.content ?? []
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!)
    }
  }
  return parts.join('').replace(/\s+/g, ' ').trim()
}

/**
 * The text of a list item or task item itself: its paragraphs, not the lists nested inside it
 * (those are items of their own).
 */
export function ownText(item: PmNode): string {
  return (item.content ?? [])
    .filter((child) => !isList(child))
    .map(nodeText)
    .filter(Boolean)
    .join(' ')
}

export const LIST_TYPES = ['bulletList', 'orderedList', 'taskList'] as const

export function isList(node: PmNode): boolean {
  return (LIST_TYPES as readonly string[]).includes(node.type)
}

/** Words compared without accents, case or the punctuation a heading may end with. */
export function headingKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('fr')
    .replace(/[\s:.!?…–—-]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim()
}

export interface Section {
  /** Index of the heading among the body's top-level blocks. */
  heading: number
  level: number
  /** The blocks after the heading, up to the next heading of the same level or above. */
  blocks: PmNode[]
  /** Index (among the top-level blocks) just past the section's last block. */
  end: number
}

function headingLevel(node: PmNode): number {
  const level = Number(node.attrs?.level ?? 1)
  return Number.isFinite(level) ? level : 1
}

/** Every top-level section whose heading's key passes `matches`, in page order. */
export function findSections(body: PmNode, matches: (key: string) => boolean): Section[] {
  const blocks = body.content ?? []
  const sections: Section[] = []
  blocks.forEach((block, index) => {
    if (block.type !== 'heading' || !matches(headingKey(nodeText(block)))) return
    const level = headingLevel(block)
    let end = index + 1
    while (end < blocks.length && !(blocks[end]!.type === 'heading' && headingLevel(blocks[end]!) <= level)) end++
    sections.push({ heading: index, level, blocks: blocks.slice(index + 1, end), end })
  })
  return sections
}

/** "Décisions", "Décisions prises", "Relevé de décisions", "Decisions" (not "Décision : on garde le jeudi"). */
export const isDecisionsHeading = (key: string): boolean =>
  /^(?:(?:releve|liste|journal|registre) (?:de |des )?)?decisions?(?: (?:prises?|adoptees?|du jour|taken|made|log))?$/.test(key)
/** "Participants", "Présents", "Présences", "Attendees". */
export const isParticipantsHeading = (key: string): boolean => /^(participant|presents?\b|presences?\b|attendees?\b)/.test(key)
/** "Ordre du jour", "Agenda", "Déroulé", "Programme". */
export const isAgendaHeading = (key: string): boolean => /^(ordre du jour|agenda|deroule|programme)\b/.test(key)
