// Carnet's link rules: only http, https and mailto links in a shared page (no javascript:, data: or
// file: links), as the exporters keep them. `normaliseHref` reads what a writer types in the link
// dialog; `isAllowedHref` is what the editor's link mark accepts from anywhere (the dialog, pasted
// HTML, a URL pasted over a selection) — given to Tiptap's Link extension as its `isAllowedUri`.
const ALLOWED = new Set(['http:', 'https:', 'mailto:'])
// Control characters are how `java\tscript:` tricks get past naive checks.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/

/** `''` removes the link, `null` means "not acceptable", anything else is the address to set. */
export function normaliseHref(raw: string): string | null {
  const value = raw.trim()
  if (!value) return ''
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`
  try {
    const url = new URL(withScheme)
    return ALLOWED.has(url.protocol) ? url.href : null
  } catch {
    return null
  }
}

/** A complete http, https or mailto address, as stored in a link mark. */
export function isAllowedHref(href: unknown): boolean {
  if (typeof href !== 'string' || CONTROL_CHARS.test(href) || !/^(https?:\/\/|mailto:)/i.test(href.trim())) return false
  try {
    return ALLOWED.has(new URL(href.trim()).protocol)
  } catch {
    return false
  }
}
