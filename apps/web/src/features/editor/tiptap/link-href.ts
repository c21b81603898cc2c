// Carnet's link rules in the editor, the exporters' own (@carnet/export's link-policy): http, https
// and mailto addresses, anchors in the page (`#décisions`) and relative paths (`./2025-02-14.md`,
// `../notes/`, `compte-rendu.md`), which imported notes are full of; never `javascript:`, `data:`,
// `file:` or a protocol-relative `//host` link. `normaliseHref` reads what a writer types in the
// link dialog (a bare `wiki-brest.net` is taken for a web address); `isAllowedHref` is what the
// editor's link mark accepts from anywhere (the dialog, pasted HTML, a URL pasted over a
// selection) — given to Tiptap's Link extension as its `isAllowedUri`.
import { safeHref } from '@carnet/export/link-policy'

const ALLOWED = new Set(['http:', 'https:', 'mailto:'])
/** Typed as a reference within the site or the page, not as an address: kept as it is (or refused). */
const REFERENCE = /^(?:#|\.\.?\/|[/\\])/

/** `''` removes the link, `null` means "not acceptable", anything else is the address to set. */
export function normaliseHref(raw: string): string | null {
  const value = raw.trim()
  if (!value) return ''
  if (REFERENCE.test(value)) return safeHref(value)
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`
  try {
    const url = new URL(withScheme)
    return ALLOWED.has(url.protocol) ? url.href : null
  } catch {
    return null
  }
}

/** A link target the page may keep: a complete http, https or mailto address, an anchor or a relative path. */
export function isAllowedHref(href: unknown): boolean {
  if (typeof href !== 'string' || href.trim() === '') return false
  const kept = safeHref(href)
  if (kept === null) return false
  // A web address must be a whole one (`https://` alone is no link).
  if (/^(?:https?:|mailto:)/i.test(kept)) {
    try {
      return ALLOWED.has(new URL(kept).protocol) && (!/^https?:/i.test(kept) || new URL(kept).hostname !== '')
    } catch {
      return false
    }
  }
  return true
}
