// The caret of another writer: a coloured bar with their name above it (CollaborationCaret's
// `render`).
import { FALLBACK_WRITER_COLOR } from '../../presence/palette.js'

export function renderCaret(user: Record<string, unknown>): HTMLElement {
  const color = typeof user.color === 'string' ? user.color : FALLBACK_WRITER_COLOR
  const caret = document.createElement('span')
  caret.className = 'collab-caret'
  caret.style.borderColor = color
  const label = document.createElement('span')
  label.className = 'collab-caret__label'
  label.style.backgroundColor = color
  label.textContent = typeof user.name === 'string' && user.name ? user.name : '?'
  caret.append(label)
  return caret
}
