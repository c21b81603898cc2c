// Where writing starts when a writer arrives: the first empty block (a template's blank line under
// its first heading), else the end of the page.
import type { Editor } from '@tiptap/core'

export function focusWhereToWrite(editor: Editor): void {
  let firstEmpty: number | null = null
  editor.state.doc.descendants((node, pos) => {
    if (firstEmpty !== null) return false
    if (node.isTextblock && node.content.size === 0) firstEmpty = pos + 1
    return firstEmpty === null
  })
  editor.commands.focus(firstEmpty ?? 'end', { scrollIntoView: true })
}
