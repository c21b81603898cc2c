// Join codes: what a room laptop with no camera types to join a page, read from the wall. Nine
// characters from an alphabet with nothing to confuse (no 0 or O, no 1, I or L, no U beside V),
// case-insensitive, shown in three groups ("K7M-4PQ-XWR"): 30⁹ ≈ 2^44 codes. The relay mints them and keeps them for the meeting's time; a code stands for the page's
// edit link (or its read link), so it is as good as the key while it lives.
import { randomBytes } from './random.js'

/** Digits 2–9 and the letters but I, L, O and U: nothing two people read differently. */
export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ'
export const JOIN_CODE_LENGTH = 9
/** Bits a code carries (for the documented guessing bound). */
export const JOIN_CODE_BITS = Math.floor(JOIN_CODE_LENGTH * Math.log2(JOIN_CODE_ALPHABET.length))

export function newJoinCode(): string {
  let code = ''
  while (code.length < JOIN_CODE_LENGTH) {
    for (const byte of randomBytes(JOIN_CODE_LENGTH * 2)) {
      // Rejection sampling keeps every character equally likely (240 = 8 × 30).
      if (byte < 240 && code.length < JOIN_CODE_LENGTH) code += JOIN_CODE_ALPHABET[byte % JOIN_CODE_ALPHABET.length]
    }
  }
  return code
}

/** A code as someone typed it (any case, with spaces or dashes), or null when it cannot be one. */
export function normaliseJoinCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s\-_.·]/g, '')
  if (code.length !== JOIN_CODE_LENGTH) return null
  for (const char of code) if (!JOIN_CODE_ALPHABET.includes(char)) return null
  return code
}

/** "K7M4PQXWR" → "K7M-4PQ-XWR", easier to read from across a room. */
export function formatJoinCode(code: string): string {
  return code.match(/.{1,3}/g)?.join('-') ?? code
}
