// Checking an action from a project's list checks it in its page: the same Y.Doc, the same task
// item's `checked` attribute, as the editor's checkbox would set it. The list names the item by
// its place among the page's task items and its text; the page may have changed since the list
// was read, so the place is only trusted when the text still matches there, else the first task
// item with that text is taken, else nothing is changed.
import * as Y from 'yjs'
import { pageBody } from '../page-doc.js'
import { elementToJson } from '../page-tree/from-ydoc.js'
import { ownText } from '../page-tree/sections.js'

export type TaskCheckResult = 'changed' | 'unchanged' | 'not-found'

/** The page's task items in document order (as `taskItems` reads them from JSON). */
function taskElements(fragment: Y.XmlFragment): Y.XmlElement[] {
  const found: Y.XmlElement[] = []
  const stack: Array<Y.XmlElement | Y.XmlText | Y.XmlHook> = fragment.toArray().reverse()
  while (stack.length > 0) {
    const node = stack.pop()!
    if (!(node instanceof Y.XmlElement)) continue
    if (node.nodeName === 'taskItem') found.push(node)
    const children = node.toArray()
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!)
  }
  return found
}

const same = (a: string, b: string): boolean => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim()

/** The task item at `position` if its text is `text`, else the first one with that text. */
export function findTaskItem(doc: Y.Doc, position: number, text: string): Y.XmlElement | null {
  const items = taskElements(pageBody(doc))
  const textOf = (item: Y.XmlElement) => ownText(elementToJson(item))
  const at = items[position]
  if (at && same(textOf(at), text)) return at
  return items.find((item) => same(textOf(item), text)) ?? null
}

export function isTaskChecked(item: Y.XmlElement): boolean {
  const checked = item.getAttribute('checked') as unknown
  return checked === true || checked === 'true'
}

export function setTaskChecked(doc: Y.Doc, position: number, text: string, checked: boolean, origin?: unknown): TaskCheckResult {
  const item = findTaskItem(doc, position, text)
  if (!item) return 'not-found'
  if (isTaskChecked(item) === checked) return 'unchanged'
  // y-tiptap stores node attributes as they are: a boolean, as the editor's checkbox writes it.
  doc.transact(() => item.setAttribute('checked', checked as unknown as string), origin)
  return 'changed'
}
