// A way out of the editor for keyboard users that never changes the shared page. Inside the page,
// Tab and Shift+Tab nest and unnest list items (and move between table cells) — but Shift+Tab is
// also how people leave a field, and on an item at the top of a list it would take the item out of
// its list, for everyone. So:
// - Escape, then Tab or Shift+Tab, leaves the editor as from any field (the next key only);
// - Shift+Tab on an item at the top level of its list leaves the editor too, and keeps the bullet.
// The editor's description says so (aria-describedby), and Escape says what the next Tab does.
import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import type { EditorState } from '@tiptap/pm/state'

export const keyboardExitKey = new PluginKey('carnet-keyboard-exit')

const LIST_ITEMS = new Set(['listItem', 'taskItem'])

/** Whether the caret is in a list item that Shift+Tab would lift out of its list altogether. */
export function inTopLevelListItem(state: EditorState): boolean {
  const { $from } = state.selection
  for (let depth = $from.depth; depth > 0; depth--) {
    if (!LIST_ITEMS.has($from.node(depth).type.name)) continue
    // The item's list, and what holds that list: another list item means it is nested.
    for (let outer = depth - 2; outer > 0; outer--) if (LIST_ITEMS.has($from.node(outer).type.name)) return false
    return true
  }
  return false
}

export interface KeyboardExitOptions {
  /** Escape was pressed: the next Tab leaves (true), or that chance passed (false). */
  onLeaving: (leaving: boolean) => void
}

export const KeyboardExit = Extension.create<KeyboardExitOptions>({
  name: 'keyboardExit',
  // Before the list and table extensions' own Tab handling.
  priority: 1_000,
  addOptions() {
    return { onLeaving: () => {} }
  },
  addProseMirrorPlugins() {
    const { onLeaving } = this.options
    let leaving = false
    const setLeaving = (next: boolean) => {
      if (leaving === next) return
      leaving = next
      onLeaving(next)
    }
    return [
      new Plugin({
        key: keyboardExitKey,
        props: {
          handleDOMEvents: {
            // Returning true here without preventDefault: ProseMirror and the other extensions
            // stay out of it, and the browser moves the focus as it does from any field.
            keydown(view, event) {
              if (event.key === 'Escape') {
                setLeaving(true)
                return false
              }
              if (event.key !== 'Tab' || event.ctrlKey || event.altKey || event.metaKey) {
                if (!['Shift', 'Control', 'Alt', 'Meta'].includes(event.key)) setLeaving(false)
                return false
              }
              const leave = leaving || (event.shiftKey && inTopLevelListItem(view.state))
              setLeaving(false)
              return leave
            },
            blur() {
              setLeaving(false)
              return false
            },
          },
        },
      }),
    ]
  },
})
