// Page ids: the one rule for what may name a page, checked by the browser and the relay alike,
// and the way a browser mints a new id (offline too: no server round trip).
import { randomBytes } from './random.js'

export const PAGE_ID_PATTERN = /^[a-z0-9-]{3,64}$/

export function isValidPageId(value: unknown): value is string {
  return typeof value === 'string' && PAGE_ID_PATTERN.test(value)
}

export class InvalidPageIdError extends Error {
  constructor(readonly pageId: string) {
    super(`Invalid page id ${JSON.stringify(pageId.slice(0, 80))}: expected 3 to 64 characters among a-z, 0-9 and "-"`)
    this.name = 'InvalidPageIdError'
  }
}

export function assertPageId(value: string): string {
  if (!isValidPageId(value)) throw new InvalidPageIdError(value)
  return value
}

// No 0/o, 1/l/i: the id is read aloud and copied from a projector.
const ID_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz'
const ID_RANDOM_LENGTH = 10 // 31^10 ≈ 2^49.5: collisions are not a concern at a city's scale

/** `reunion-k7m2xq9c4d`: a readable prefix (the template) and a random tail. */
export function newPageId(prefix = ''): string {
  let tail = ''
  while (tail.length < ID_RANDOM_LENGTH) {
    for (const byte of randomBytes(ID_RANDOM_LENGTH * 2)) {
      // Rejection sampling keeps every letter equally likely (248 = 8 × 31).
      if (byte < 248 && tail.length < ID_RANDOM_LENGTH) tail += ID_ALPHABET[byte % ID_ALPHABET.length]
    }
  }
  const slug = slugify(prefix).slice(0, 40).replace(/-+$/, '')
  return slug ? `${slug}-${tail}` : tail
}

/** "Fiche d'innovation sociale" → "fiche-d-innovation-sociale". */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}
