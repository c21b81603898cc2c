// Which link targets survive an import or an export. A page is written by anyone holding its link,
// so a link is only kept when it cannot run code or reach the reader's machine: http, https and
// mailto addresses, and references without a scheme — an anchor in the page (`#decisions`) or a
// path relative to where the document is read (`./2025-02-14.md`), which notes written elsewhere
// are full of and which resolve to nothing more dangerous than another address on the same site.
const ALLOWED_HREF = /^(?:https?:\/\/|mailto:)/i
// A reference with a scheme has a `:` before any `/`, `?` or `#`: those are never relative.
const HAS_SCHEME = /^[^/?#]*:/
// `//host/…` (and `\\host`, `/\host`: browsers read `\` as `/`) leaves the site without saying for which scheme.
const OTHER_HOST = /^[/\\]{2}/
// Control characters and whitespace at the edges are how `java\tscript:` tricks get past naive checks.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/

export type HrefKind = 'web' | 'fragment' | 'relative'

/** The href to keep for a link, or null when the link must degrade to its text. */
export function safeHref(href: unknown): string | null {
  if (typeof href !== 'string') return null
  const trimmed = href.trim()
  if (trimmed.length === 0 || CONTROL_CHARS.test(trimmed)) return null
  if (ALLOWED_HREF.test(trimmed)) return trimmed
  return HAS_SCHEME.test(trimmed) || OTHER_HOST.test(trimmed) ? null : trimmed
}

/** What kind of target a kept href is: formats that only link whole addresses (wikitext) need to know. */
export function hrefKind(href: string): HrefKind {
  if (ALLOWED_HREF.test(href)) return 'web'
  return href.startsWith('#') ? 'fragment' : 'relative'
}
