// y-tiptap's own conversion code, ported line for line from ueberdosis/y-tiptap
// (src/plugins/sync-plugin.js: createTypeFromElementNode, createTypeFromTextNodes,
// normalizePNodeContent, marksToAttributes; src/lib.js: yXmlFragmentToProsemirrorJSON) so tests
// can check that our converters lay a page out exactly as the editor does. The port takes
// ProseMirror JSON where y-tiptap takes ProseMirror nodes: `node.attrs` and `mark.attrs` must hold
// every attr, as a ProseMirror node does (a mark without attrs has `{}`).
import type { PmNode } from '@carnet/core'
import * as Y from 'yjs'

function normalizePNodeContent(pnode: PmNode): Array<PmNode | PmNode[]> {
  const c = pnode.content ?? []
  const res: Array<PmNode | PmNode[]> = []
  for (let i = 0; i < c.length; i++) {
    const n = c[i] as PmNode
    if (n.type === 'text') {
      const textNodes: PmNode[] = []
      for (let tnode = c[i]; i < c.length && tnode?.type === 'text'; tnode = c[++i]) textNodes.push(tnode)
      i--
      res.push(textNodes)
    } else {
      res.push(n)
    }
  }
  return res
}

function marksToAttributes(marks: PmNode['marks']): Record<string, unknown> {
  const pattrs: Record<string, unknown> = {}
  // (Overlapping marks get a hash suffix in y-tiptap; none of the editor's marks overlap.)
  for (const mark of marks ?? []) pattrs[mark.type] = mark.attrs ?? {}
  return pattrs
}

function createTypeFromTextNodes(nodes: PmNode[]): Y.XmlText {
  const type = new Y.XmlText()
  const delta = nodes.map((node) => ({ insert: node.text ?? '', attributes: marksToAttributes(node.marks) }))
  type.applyDelta(delta)
  return type
}

export function createTypeFromElementNode(node: PmNode): Y.XmlElement {
  const type = new Y.XmlElement(node.type)
  for (const key in node.attrs) {
    const val = node.attrs[key]
    if (val !== null && key !== 'ychange') type.setAttribute(key, val as string)
  }
  type.insert(
    0,
    normalizePNodeContent(node).map((n) => (Array.isArray(n) ? createTypeFromTextNodes(n) : createTypeFromElementNode(n))),
  )
  return type
}

/** What y-tiptap writes into an empty fragment for a doc (prosemirrorToYXmlFragment). */
export function referenceWrite(doc: PmNode, fragment: Y.XmlFragment): void {
  fragment.doc?.transact(() => {
    fragment.insert(
      0,
      normalizePNodeContent(doc).map((n) => (Array.isArray(n) ? createTypeFromTextNodes(n) : createTypeFromElementNode(n))),
    )
  })
}

const hashedMarkNameRegex = /(.*)(--[a-zA-Z0-9+/=]{8})$/
const yattr2markname = (attrName: string): string => hashedMarkNameRegex.exec(attrName)?.[1] ?? attrName

/** y-tiptap's yXmlFragmentToProsemirrorJSON. */
export function referenceRead(xmlFragment: Y.XmlFragment): PmNode {
  const serialize = (item: Y.XmlElement | Y.XmlText | Y.XmlHook): PmNode | PmNode[] => {
    if (item instanceof Y.XmlText) {
      const delta = item.toDelta() as Array<{ insert: string; attributes?: Record<string, Record<string, unknown>> }>
      return delta.map((d) => {
        const text: PmNode = { type: 'text', text: d.insert }
        if (d.attributes) {
          const attributes = d.attributes
          text.marks = Object.keys(attributes).map((type_) => {
            const attrs = attributes[type_]
            const mark: { type: string; attrs?: Record<string, unknown> } = { type: yattr2markname(type_) }
            // (sic: `Object.keys(attrs)` is always truthy, so every mark gets `attrs`, `{}` included)
            if (Object.keys(attrs ?? {})) mark.attrs = attrs
            return mark
          })
        }
        return text
      })
    }
    if (item instanceof Y.XmlElement) {
      const response: PmNode = { type: item.nodeName }
      const attrs = item.getAttributes() as Record<string, unknown>
      if (Object.keys(attrs).length) response.attrs = attrs
      const children = item.toArray()
      if (children.length) response.content = children.map(serialize).flat()
      return response
    }
    throw new Error('unexpected case')
  }
  return { type: 'doc', content: xmlFragment.toArray().map(serialize).flat() }
}

/** A fragment as plain data: element names, attributes and text deltas, to compare two layouts. */
export function dumpFragment(fragment: Y.XmlFragment | Y.XmlElement): unknown[] {
  return fragment.toArray().map((child) => {
    if (child instanceof Y.XmlText) return { delta: child.toDelta() }
    if (child instanceof Y.XmlElement) return { name: child.nodeName, attrs: child.getAttributes(), children: dumpFragment(child) }
    return { hook: true }
  })
}
