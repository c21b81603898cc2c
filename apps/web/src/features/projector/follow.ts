// Where the projector should look: the latest change, or the section a followed writer is in.
import type { Editor } from '@tiptap/core'
import type { Transaction } from '@tiptap/pm/state'
import * as Y from 'yjs'
import { relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap'
import { pageBody } from '@carnet/core'

/**
 * Where a transaction changed the document (the end of the changed stretch, in the new document);
 * null when nothing changed. Found by comparing the documents before and after: a change from
 * another writer arrives as one step replacing the whole document (y-prosemirror re-renders the
 * shared fragment), so the steps themselves do not say where it was.
 */
export function lastChangedPosition(tr: Transaction): number | null {
  if (!tr.docChanged) return null
  const before = tr.before.content
  const after = tr.doc.content
  const start = before.findDiffStart(after)
  if (start === null) return null
  const end = before.findDiffEnd(after)
  // The two ends can cross when the same text is repeated around the change: keep the later one.
  return Math.min(Math.max(start, end?.b ?? start), tr.doc.content.size)
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

/** Room left above a section's heading when it is brought to the top of the wall. */
const TOP_MARGIN_PX = 24

/**
 * Scrolls the window so that `pos` is at the top of the screen ('start') or in its middle. From
 * the position's own coordinates: a position between blocks, in a list or in a table cell is
 * found as well as one in a paragraph's text.
 */
export function scrollToPosition(editor: Editor, pos: number, block: 'start' | 'center'): void {
  let rect: { top: number; bottom: number }
  try {
    rect = editor.view.coordsAtPos(Math.max(0, Math.min(pos, editor.state.doc.content.size)))
  } catch {
    return
  }
  const offset = block === 'start' ? rect.top - TOP_MARGIN_PX : (rect.top + rect.bottom) / 2 - window.innerHeight / 2
  window.scrollTo({ top: Math.max(0, window.scrollY + offset), behavior: 'smooth' })
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
      // Inside the heading: its own line, not the end of the block before it.
      scrollToPosition(editor, Math.min(start + 1, size), 'start')
      return
    }
  } catch {
    // Positions not laid out yet: fall back to the caret.
  }
  scrollToPosition(editor, caret, 'center')
}
