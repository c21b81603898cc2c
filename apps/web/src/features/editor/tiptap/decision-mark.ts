// "Décision": marks the paragraph the caret is in as a decision by writing "Décision : " at its
// start (or takes the mark away). The mark is words in the page, not a special node: exports
// carry it, imported pages that write it count too, and the archive's list of decisions reads it
// (packages/core/src/project-items/page-items.ts). No schema change, nothing for the relay to learn.
import type { Editor } from '@tiptap/core'
import { DECISION_MARK, DECISION_MARK_TEXT } from '@carnet/core/page-items'

/** Whether the caret's paragraph starts with the decision mark. */
export function isDecisionMarked(editor: Editor): boolean {
  const { $from } = editor.state.selection
  return $from.parent.isTextblock && DECISION_MARK.test($from.parent.textContent)
}

export function toggleDecisionMark(editor: Editor, language: 'fr' | 'en'): void {
  const { $from } = editor.state.selection
  if (!$from.parent.isTextblock) return
  const start = $from.start()
  const match = DECISION_MARK.exec($from.parent.textContent)
  const chain = editor.chain().focus()
  if (match) chain.deleteRange({ from: start, to: start + match[0].length }).run()
  else chain.insertContentAt(start, { type: 'text', text: DECISION_MARK_TEXT[language] }).run()
}
