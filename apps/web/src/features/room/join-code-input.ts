// The join-code field as someone types in it: any case, with or without spaces and dashes, shown
// back in capitals in groups of three ("K7M-4PQ-XWR", as on the wall). A character no code can hold
// is refused as it is typed, with the reason — the ones that look alike (0/O, 1/I/L, U) told
// apart from the rest — rather than at the end. Pure, so the caret's arithmetic is tested.
import { formatJoinCode, JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '@carnet/core/join-code'

const SEPARATORS = /[\s\-_.·]/
/** Left out of codes because they are read one for another. */
const CONFUSABLE = '0O1ILU'

export type Refusal = 'confusable' | 'other' | 'too-long'

export interface CodeField {
  /** What the field shows: the code's characters, in groups of three. */
  value: string
  /** Where the caret goes in `value`. */
  caret: number
  /** The code's characters, without dashes. */
  code: string
  /** Why a typed character was dropped, if one was. */
  refused: Refusal | null
}

/**
 * The field after an edit: `typed` is its raw value and `caret` the caret in it. `erasedBack`: the
 * edit was a Backspace — when it took only a dash the field would come back unchanged, so the
 * character before the dash goes instead.
 */
export function codeField(typed: string, caret: number, previous = '', erasedBack = false): CodeField {
  let code = ''
  let before = 0
  let refused: Refusal | null = null
  ;[...typed].forEach((char, index) => {
    const upper = char.toUpperCase()
    if (SEPARATORS.test(char)) return
    if (!JOIN_CODE_ALPHABET.includes(upper)) {
      refused ??= CONFUSABLE.includes(upper) ? 'confusable' : 'other'
      return
    }
    if (code.length >= JOIN_CODE_LENGTH) {
      refused ??= 'too-long'
      return
    }
    code += upper
    if (index < caret) before++
  })
  if (erasedBack && code === previous.replace(/-/g, '') && before > 0) {
    code = code.slice(0, before - 1) + code.slice(before)
    before--
  }
  const value = formatJoinCode(code)
  return { value, caret: Math.min(value.length, before + Math.floor(Math.max(before - 1, 0) / 3)), code, refused }
}
