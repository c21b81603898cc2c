// Which link targets survive an export. A page is written by anyone holding its link, so a link is
// only kept when it cannot run code or reach the reader's machine: http, https and mailto.
const ALLOWED_HREF = /^(?:https?:\/\/|mailto:)/i
// Control characters and whitespace at the edges are how `java\tscript:` tricks get past naive checks.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/

/** The href to keep for a link, or null when the link must degrade to its text. */
export function safeHref(href: unknown): string | null {
  if (typeof href !== 'string') return null
  const trimmed = href.trim()
  if (trimmed.length === 0 || CONTROL_CHARS.test(trimmed)) return null
  return ALLOWED_HREF.test(trimmed) ? trimmed : null
}
