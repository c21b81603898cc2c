// Reads a page out of its Y.Doc as ProseMirror JSON, the way y-tiptap lays the editor document out
// in `XmlFragment('body')`: a node is a Y.XmlElement named after its type with its non-null attrs
// as XML attributes; a run of text is a Y.XmlText whose formatting attributes are the marks
// (`{ bold: {}, link: { href } }`); hard breaks are elements between the texts. This mirrors
// y-tiptap's `yXmlFragmentToProsemirrorJSON`, so the server can export a page without an editor.
import { MARKS, type PmMark, type PmNode } from '../page-schema.js'
import { pageBody, readPageMeta, type PageMeta } from '../page-doc.js'
import { MAX_NESTING_DEPTH, MAX_VALUE_DEPTH, valueDepth } from '../page-limits.js'
import * as Y from 'yjs'
import { fragmentText } from './fragment-text.js'

// y-tiptap stores marks that may overlap themselves under `name--<8-char hash>`.
const HASHED_MARK_NAME = /(.*)(--[a-zA-Z0-9+/=]{8})$/
// Attributes y-prosemirror uses for its own bookkeeping (change tracking in snapshots).
const BINDING_ATTRS = new Set(['ychange'])

/** A plain copy of an attribute's value; one nested past the page's limits is left out. */
function copyAttr(value: unknown): unknown {
  return valueDepth(value) > MAX_VALUE_DEPTH ? undefined : copyJson(value)
}

function copyJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyJson)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, copyJson(inner)]))
  }
  return value
}

function markName(attributeName: string): string {
  return HASHED_MARK_NAME.exec(attributeName)?.[1] ?? attributeName
}

function markRank(type: string): number {
  const rank = (MARKS as readonly string[]).indexOf(type)
  return rank === -1 ? MARKS.length : rank
}

function marksOf(attributes: Record<string, unknown> | undefined): PmMark[] {
  const marks: PmMark[] = []
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined) continue
    const mark: PmMark = { type: markName(name) }
    // Marks without attrs are stored as `{}`; `getJSON()` writes them without `attrs`.
    if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
      mark.attrs = copyAttr(value) as Record<string, unknown>
    }
    marks.push(mark)
  }
  // Sorted so the same fragment always gives the same JSON (ProseMirror sorts by schema rank too).
  return marks.sort((a, b) => markRank(a.type) - markRank(b.type))
}

function textNodesOf(text: Y.XmlText): PmNode[] {
  const delta = text.toDelta() as Array<{ insert?: unknown; attributes?: Record<string, unknown> }>
  const nodes: PmNode[] = []
  for (const op of delta) {
    if (typeof op.insert !== 'string' || op.insert.length === 0) continue
    const marks = marksOf(op.attributes)
    nodes.push(marks.length > 0 ? { type: 'text', text: op.insert, marks } : { type: 'text', text: op.insert })
  }
  return nodes
}

function attrsOf(element: Y.XmlElement): Record<string, unknown> | undefined {
  const attrs = Object.entries(element.getAttributes() as Record<string, unknown>).filter(
    ([key, value]) => !BINDING_ATTRS.has(key) && value !== null && value !== undefined,
  )
  return attrs.length > 0 ? Object.fromEntries(attrs.map(([key, value]) => [key, copyAttr(value)])) : undefined
}

/**
 * What lies below the deepest level a page may have, as one paragraph of its text. Pages written
 * before the relay refused such nesting are read (and exported) cut there, never with a stack
 * overflow, and in time proportional to their size.
 */
function flattened(element: Y.XmlElement): PmNode[] {
  const text = fragmentText(element)
  return text ? [{ type: 'paragraph', content: [{ type: 'text', text }] }] : []
}

/** One element as a ProseMirror node (for comparing a fragment's blocks one by one). */
export function elementToJson(element: Y.XmlElement): PmNode {
  const root: PmNode = { type: element.nodeName }
  // Walked with a stack of its own, not by recursion: a page's depth is whatever its writers sent.
  const stack: Array<{ element: Y.XmlElement; node: PmNode; depth: number }> = [{ element, node: root, depth: 1 }]
  while (stack.length > 0) {
    const { element: current, node, depth } = stack.pop()!
    const attrs = attrsOf(current)
    if (attrs) node.attrs = attrs
    const content: PmNode[] =
      depth >= MAX_NESTING_DEPTH
        ? flattened(current)
        : current.toArray().flatMap((child): PmNode[] => {
            if (child instanceof Y.XmlText) return textNodesOf(child)
            if (!(child instanceof Y.XmlElement)) return [] // Y.XmlHook: never written by the editor
            const inner: PmNode = { type: child.nodeName }
            stack.push({ element: child, node: inner, depth: depth + 1 })
            return [inner]
          })
    if (content.length > 0) node.content = content
  }
  return root
}

function childrenToJson(parent: Y.XmlFragment | Y.XmlElement): PmNode[] {
  return parent.toArray().flatMap((child) => {
    if (child instanceof Y.XmlText) return textNodesOf(child)
    if (child instanceof Y.XmlElement) return [elementToJson(child)]
    return [] // Y.XmlHook: never written by the editor
  })
}

/** The fragment as a ProseMirror `doc` node (as `editor.getJSON()` gives it, minus null attrs). */
export function fragmentToJson(fragment: Y.XmlFragment): PmNode {
  return { type: 'doc', content: childrenToJson(fragment) }
}

/** Everything an export needs from a page's Y.Doc. */
export function pageFromDoc(doc: Y.Doc): { meta: PageMeta; body: PmNode } {
  return { meta: readPageMeta(doc), body: fragmentToJson(pageBody(doc)) }
}
