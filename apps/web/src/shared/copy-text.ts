// Copying text for the writer, on every origin. The asynchronous clipboard exists only in a secure
// context (https, localhost): on plain http on a room's network it is missing, and the old way —
// select a text field, then the browser's copy command — still works there from a click.

/**
 * Puts `text` on the clipboard. `host` takes the temporary field (inside an open modal dialog, the
 * rest of the page is inert and cannot be selected). False when the browser refused both ways:
 * the caller then shows the text selected, for Ctrl+C.
 */
export async function copyText(text: string, host: HTMLElement = document.body): Promise<boolean> {
  if (window.isSecureContext && navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text)
      return true
    } catch {
      // Refused (permissions, focus): the selection below may still do.
    }
  }
  return copyBySelection(text, host)
}

function copyBySelection(text: string, host: HTMLElement): boolean {
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null
  const field = document.createElement('textarea')
  field.value = text
  field.setAttribute('readonly', '')
  field.setAttribute('aria-hidden', 'true')
  field.tabIndex = -1
  // Out of sight, but laid out: a field that is not rendered cannot be selected.
  Object.assign(field.style, { position: 'fixed', top: '0', left: '-9999px', width: '1px', height: '1px', opacity: '0' })
  host.append(field)
  field.select()
  let copied = false
  try {
    // Deprecated but the one copy a plain-http page has; it needs the click that led here.
    copied = document.execCommand('copy')
  } catch {
    copied = false
  } finally {
    field.remove()
    focused?.focus()
  }
  return copied
}
