// The editor refuses what the relay would refuse: a page nested deeper than MAX_NESTING_DEPTH
// shared types (page-limits.ts; the relay closes the socket with 4422 and the writer would lose
// the connection). Tab pressed over and over in a list, or deep content pasted, stop here with a
// notice instead. Cheap: only what a transaction inserted or moved is walked, not the page.
//
// y-tiptap mirrors the ProseMirror tree node for node: a block at the top of the page is a Yjs
// type at depth 1, each node one deeper than its parent, the text of a block one deeper than it.
// So a node's Yjs depth is its ProseMirror parent's depth (the page itself: 0) plus one.
import { Extension } from '@tiptap/core'
import { isChangeOrigin } from '@tiptap/extension-collaboration'
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state'
import { ReplaceAroundStep } from '@tiptap/pm/transform'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { MAX_NESTING_DEPTH } from '@carnet/core'

export const nestingLimitKey = new PluginKey('carnet-nesting-limit')

/** The ranges of the new document a transaction inserted content into or moved content within. */
export function changedRanges(tr: Transaction): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  tr.steps.forEach((step, index) => {
    if (step instanceof ReplaceAroundStep) {
      // Content between the gap's ends moves under new wrappers (a list item sunk into a new list).
      const rest = tr.mapping.slice(index)
      ranges.push([rest.map(step.from, -1), rest.map(step.to, 1)])
      return
    }
    const rest = tr.mapping.slice(index + 1)
    step.getMap().forEach((_oldFrom, _oldTo, from, to) => {
      if (to > from) ranges.push([rest.map(from, -1), rest.map(to, 1)])
    })
  })
  return ranges
}

/** The Yjs depth of the deepest node between `from` and `to` (see the header). */
export function deepestTypeBetween(doc: ProseMirrorNode, from: number, to: number): number {
  let deepest = 0
  const depthOf = new Map<ProseMirrorNode, number>([[doc, 0]])
  doc.nodesBetween(from, to, (node, _pos, parent) => {
    const depth = (depthOf.get(parent ?? doc) ?? 0) + 1
    if (depth > deepest) deepest = depth
    if (node.childCount > 0) depthOf.set(node, depth)
    // Past the limit already: no need to look further down.
    return deepest <= MAX_NESTING_DEPTH
  })
  return deepest
}

/** Whether the page after this transaction would nest deeper than the relay allows. */
export function nestsTooDeep(tr: Transaction): boolean {
  return changedRanges(tr).some(([from, to]) => deepestTypeBetween(tr.doc, from, to) > MAX_NESTING_DEPTH)
}

export interface NestingLimitOptions {
  /** Told when a change was refused. */
  onRefused: () => void
}

export const NestingLimit = Extension.create<NestingLimitOptions>({
  name: 'nestingLimit',
  addOptions() {
    return { onRefused: () => {} }
  },
  addProseMirrorPlugins() {
    const { onRefused } = this.options
    return [
      new Plugin({
        key: nestingLimitKey,
        filterTransaction(tr) {
          // What comes from Yjs (others' changes, undo) is already the page: never refuse it.
          if (!tr.docChanged || isChangeOrigin(tr)) return true
          if (!nestsTooDeep(tr)) return true
          // Not from inside the filter: the notice may dispatch a transaction of its own.
          queueMicrotask(onRefused)
          return false
        },
      }),
    ]
  },
})
