// Edit keys: a random 128-bit capability minted by the browser that creates a page.
// The key travels in the URL fragment (`#k=`) and the sync URL's `k` parameter; the relay keeps
// only its hash.
import { randomBytes } from './random.js'

export const EDIT_KEY_PATTERN = /^[A-Za-z0-9_-]{22}$/

export function newEditKey(): string {
  return base64url(randomBytes(16))
}

export function isValidEditKey(value: unknown): value is string {
  return typeof value === 'string' && EDIT_KEY_PATTERN.test(value)
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

function base64url(bytes: Uint8Array): string {
  let out = ''
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 6) {
      bits -= 6
      out += B64[(value >> bits) & 63]
    }
  }
  if (bits > 0) out += B64[(value << (6 - bits)) & 63]
  return out
}
