// Writes ProseMirror JSON into a Y.XmlFragment exactly as y-tiptap's `createTypeFromElementNode`
// and `createTypeFromTextNodes` would, so that the real editor opening the fragment sees the same
// document: attrs that are null are not written, neighbouring text nodes share one Y.XmlText whose
// delta carries each mark as `{ [markType]: attrs }` (`{}` for a mark without attrs), and inline
// nodes such as hardBreak are elements between the texts. Used for templates and imports.
import type { PmNode } from '../page-schema.js'
import * as Y from 'yjs'

const BINDING_ATTRS = new Set(['ychange'])

function copyJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyJson)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, inner]) => inner !== undefined)
        .map(([key, inner]) => [key, copyJson(inner)]),
    )
  }
  return value
}

function textRunToType(run: PmNode[]): Y.XmlText {
  const text = new Y.XmlText()
  // Each op gets a fresh attributes object: Yjs writes `null` into it to end the previous run's marks.
  text.applyDelta(
    run.map((node) => ({
      insert: node.text ?? '',
      attributes: Object.fromEntries((node.marks ?? []).map((mark) => [mark.type, copyJson(mark.attrs ?? {})])),
    })),
  )
  return text
}

function elementToType(node: PmNode): Y.XmlElement {
  const element = new Y.XmlElement(node.type)
  for (const [key, value] of Object.entries(node.attrs ?? {})) {
    if (value !== null && value !== undefined && !BINDING_ATTRS.has(key)) {
      // Yjs types attribute values as strings by default but stores any JSON value, which y-tiptap relies on.
      element.setAttribute(key, copyJson(value) as string)
    }
  }
  element.insert(0, contentToTypes(node.content ?? []))
  return element
}

/** ProseMirror content as the Yjs types y-tiptap would create for it (not yet in any doc). */
export function contentToTypes(content: PmNode[]): Array<Y.XmlElement | Y.XmlText> {
  const types: Array<Y.XmlElement | Y.XmlText> = []
  let textRun: PmNode[] = []
  const flushText = (): void => {
    if (textRun.length > 0) types.push(textRunToType(textRun))
    textRun = []
  }
  for (const node of content) {
    if (node.type === 'text') {
      // ProseMirror has no empty text nodes; an empty insert would only leave an empty Y.XmlText.
      if (node.text) textRun.push(node)
    } else {
      flushText()
      types.push(elementToType(node))
    }
  }
  flushText()
  return types
}

/**
 * Appends the content of a `doc` node to a fragment (meant for an empty one: a new page from a
 * template or an import), in one transaction when the fragment belongs to a doc.
 */
export function jsonToFragment(json: PmNode, fragment: Y.XmlFragment): void {
  const types = contentToTypes(json.content ?? [])
  const { doc } = fragment
  if (doc) doc.transact(() => fragment.insert(fragment.length, types))
  // A fragment outside a doc cannot be read yet (Yjs warns), so it is taken to be empty.
  else fragment.insert(0, types)
}
