// Where the projector should look: the latest change, or the section a followed writer is in.
import type { Editor } from '@tiptap/core'
import type { Transaction } from '@tiptap/pm/state'
import * as Y from 'yjs'
import { relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap'
import { pageBody } from '@carnet/core'

/** The end of the last range a transaction changed, in the new document; null when nothing changed. */
export function lastChangedPosition(tr: Transaction): number | null {
  if (!tr.docChanged) return null
  let last: number | null = null
  for (const map of tr.mapping.maps) {
    map.forEach((_oldStart, _oldEnd, _newStart, newEnd) => {
      last = newEnd
    })
  }
  // Positions from earlier steps are mapped through the later ones by ProseMirror's own maps;
  // the last step's end is close enough to scroll to.
  return last === null ? null : Math.min(last, tr.doc.content.size)
}

/** The document position of a writer's caret, from their awareness state. */
export function caretPosition(editor: Editor, doc: Y.Doc, awarenessState: unknown): number | null {
  const cursor = (awarenessState as { cursor?: { head?: unknown } } | null)?.cursor
  if (!cursor?.head) return null
  const binding = ySyncPluginKey.getState(editor.state)?.binding
  if (!binding) return null
  try {
    const relative = Y.createRelativePositionFromJSON(cursor.head)
    return relativePositionToAbsolutePosition(doc, pageBody(doc), relative, binding.mapping)
  } catch {
    return null
  }
}

/** The start of the section holding `pos`: the nearest heading before it (or the block itself). */
export function sectionStart(editor: Editor, pos: number): number {
  const doc = editor.state.doc
  const clamped = Math.max(0, Math.min(pos, doc.content.size))
  const index = doc.resolve(clamped).index(0)
  let headingStart: number | null = null
  let blockStart = 0
  doc.forEach((node, nodeOffset, i) => {
    if (i > index) return
    if (node.type.name === 'heading') headingStart = nodeOffset
    if (i === index) blockStart = nodeOffset
  })
  return headingStart ?? blockStart
}

/** Scrolls the block at `pos` into view. */
export function scrollToPosition(editor: Editor, pos: number, block: ScrollLogicalPosition): void {
  const { node } = editor.view.domAtPos(Math.max(0, Math.min(pos, editor.state.doc.content.size)))
  const element = node instanceof Element ? node : node.parentElement
  element?.scrollIntoView({ block, behavior: 'smooth' })
}

/**
 * Shows a writer's section: its heading at the top when the caret still fits on screen below it,
 * otherwise the caret itself in the middle (a long section must not hide where they write).
 */
export function revealSection(editor: Editor, caret: number): void {
  const view = editor.view
  const size = editor.state.doc.content.size
  const start = sectionStart(editor, caret)
  try {
    const top = view.coordsAtPos(Math.min(start + 1, size)).top
    const bottom = view.coordsAtPos(Math.min(caret, size)).bottom
    if (bottom - top < window.innerHeight * 0.75) {
      scrollToPosition(editor, start, 'start')
      return
    }
  } catch {
    // Positions not laid out yet: fall back to the caret.
  }
  scrollToPosition(editor, caret, 'center')
}
