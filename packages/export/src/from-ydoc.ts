// Reads a page out of its Y.Doc as ProseMirror JSON, the way y-tiptap lays the editor document out
// in `XmlFragment('body')`: a node is a Y.XmlElement named after its type with its non-null attrs
// as XML attributes; a run of text is a Y.XmlText whose formatting attributes are the marks
// (`{ bold: {}, link: { href } }`); hard breaks are elements between the texts. This mirrors
// y-tiptap's `yXmlFragmentToProsemirrorJSON`, so the server can export a page without an editor.
import { MARKS, pageBody, readPageMeta, type PageMeta, type PmMark, type PmNode } from '@carnet/core'
import * as Y from 'yjs'

// y-tiptap stores marks that may overlap themselves under `name--<8-char hash>`.
const HASHED_MARK_NAME = /(.*)(--[a-zA-Z0-9+/=]{8})$/
// Attributes y-prosemirror uses for its own bookkeeping (change tracking in snapshots).
const BINDING_ATTRS = new Set(['ychange'])

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
      mark.attrs = copyJson(value) as Record<string, unknown>
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

/** One element as a ProseMirror node (for comparing a fragment's blocks one by one). */
export function elementToJson(element: Y.XmlElement): PmNode {
  const node: PmNode = { type: element.nodeName }
  const attrs = Object.entries(element.getAttributes() as Record<string, unknown>).filter(
    ([key, value]) => !BINDING_ATTRS.has(key) && value !== null && value !== undefined,
  )
  if (attrs.length > 0) node.attrs = Object.fromEntries(attrs.map(([key, value]) => [key, copyJson(value)]))
  const content = childrenToJson(element)
  if (content.length > 0) node.content = content
  return node
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
