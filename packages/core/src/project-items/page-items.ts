// A page's decisions and actions, found in its body so that imported and older pages take part
// (the rules are documented in docs/protocol.md, "Decisions and actions"):
//
// - A decision is each item of a list (or each paragraph or quote) under a heading "Décisions"
//   ("Décisions prises", "Relevé de décisions", "Decisions"…), up to the next heading of the same
//   level or above; or, anywhere else in the page, a paragraph or heading that starts with
//   "Décision :" ("Decision:"), the mark the editor's "Marquer comme décision" writes.
// - An action is every task item of the page (a checkbox), wherever it is, with its own text (the
//   lists nested in it are actions of their own); who and when are read from its words
//   (action-fields.ts). The template's empty line "Qui : … — Quoi : … — Pour quand : …" is none.
import type { PmNode } from '../page-schema.js'
import { headingKey, isDecisionsHeading, isList, nodeText, ownText } from '../page-tree/sections.js'
import { actionFields, isPlaceholderAction, type ActionFields } from './action-fields.js'

export interface PageDecision {
  text: string
  /** Its place among the page's decisions (0 first). */
  position: number
}

export interface PageAction extends ActionFields {
  /** The item's own text, whole. */
  text: string
  done: boolean
  /**
   * Its place among all the task items of the page, in document order (0 first), placeholders
   * included: how the page's item is found again to check it from a list.
   */
  position: number
}

export interface PageItems {
  decisions: PageDecision[]
  actions: PageAction[]
}

/** "Décision :", "Décisions :", "Decision:" at the start of a block. */
export const DECISION_MARK = /^\s*d[ée]cisions?\s*:\s*/iu

/** The mark the editor writes, in the page's language. */
export const DECISION_MARK_TEXT = { fr: 'Décision : ', en: 'Decision: ' } as const

export function hasDecisionMark(text: string): boolean {
  return DECISION_MARK.test(text)
}

export function withoutDecisionMark(text: string): string {
  return text.replace(DECISION_MARK, '').trim()
}

const MEANINGFUL = /[\p{L}\p{N}]/u

function headingLevel(node: PmNode): number {
  const level = Number(node.attrs?.level ?? 1)
  return Number.isFinite(level) ? level : 1
}

/** The decisions a block under a "Décisions" heading holds: its list's items, or itself. */
function sectionDecisions(block: PmNode): string[] {
  if (isList(block)) return (block.content ?? []).map((item) => withoutDecisionMark(nodeText(item)))
  if (block.type === 'paragraph' || block.type === 'blockquote') return [withoutDecisionMark(nodeText(block))]
  // Tables, code and separators under the heading are notes about the decisions, not decisions.
  return []
}

/** The paragraphs of a block (anywhere inside it) that start with the decision mark. */
function markedDecisions(block: PmNode): string[] {
  const found: string[] = []
  const stack: PmNode[] = [block]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node.type === 'paragraph' || node.type === 'heading') {
      const text = nodeText(node)
      if (hasDecisionMark(text)) found.push(withoutDecisionMark(text))
      continue
    }
    const children = node.content ?? []
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!)
  }
  return found
}

export function pageDecisions(body: PmNode): PageDecision[] {
  const texts: string[] = []
  let sectionLevel: number | null = null
  for (const block of body.content ?? []) {
    if (block.type === 'heading') {
      const level = headingLevel(block)
      if (sectionLevel !== null && level <= sectionLevel) sectionLevel = null
      if (isDecisionsHeading(headingKey(nodeText(block)))) {
        sectionLevel = level
        continue
      }
      texts.push(...markedDecisions(block))
      continue
    }
    texts.push(...(sectionLevel !== null ? sectionDecisions(block) : markedDecisions(block)))
  }
  return texts.filter((text) => MEANINGFUL.test(text)).map((text, position) => ({ text, position }))
}

/** Every task item of the page, in document order. */
export function taskItems(body: PmNode): PmNode[] {
  const items: PmNode[] = []
  const stack: PmNode[] = [body]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node.type === 'taskItem') items.push(node)
    const children = node.content ?? []
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!)
  }
  return items
}

export function isChecked(item: PmNode): boolean {
  const checked = item.attrs?.checked
  return checked === true || checked === 'true'
}

/** `reference`: the meeting's day (`YYYY-MM-DD`), for days written without their year. */
export function pageActions(body: PmNode, reference = ''): PageAction[] {
  const actions: PageAction[] = []
  taskItems(body).forEach((item, position) => {
    const text = ownText(item)
    if (isPlaceholderAction(text)) return
    actions.push({ text, done: isChecked(item), position, ...actionFields(text, reference) })
  })
  return actions
}

export function pageItems(body: PmNode, reference = ''): PageItems {
  return { decisions: pageDecisions(body), actions: pageActions(body, reference) }
}

