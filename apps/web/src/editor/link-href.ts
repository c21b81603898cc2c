// What a typed link becomes: a full web address, or nothing when it is not one Carnet will link to
// (only http, https and mailto: no javascript:, data: or file: links in a shared page).
const ALLOWED = new Set(['http:', 'https:', 'mailto:'])

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
