import { describe, expect, it } from 'vitest'
import { codeField } from './join-code-input.js'

/** Types `keys` one by one at the end of the field, as a person would. */
function typeInto(keys: string): ReturnType<typeof codeField> {
  let field = codeField('', 0)
  for (const key of keys) {
    const typed = field.value + key
    field = codeField(typed, typed.length, field.value)
  }
  return field
}

describe('the join-code field', () => {
  it('shows what is typed in capitals, in groups of three, the caret at the end', () => {
    expect(typeInto('k7m4pqxwr')).toEqual({ value: 'K7M-4PQ-XWR', caret: 11, code: 'K7M4PQXWR', refused: null })
    expect(typeInto('k7m')).toMatchObject({ value: 'K7M', caret: 3 })
    expect(typeInto('k7m4')).toMatchObject({ value: 'K7M-4', caret: 5 })
  })

  it('takes spaces and dashes as they come, typed or pasted', () => {
    expect(typeInto('K7M-4PQ-XWR')).toMatchObject({ value: 'K7M-4PQ-XWR', refused: null })
    expect(typeInto('k7m 4pq xwr')).toMatchObject({ value: 'K7M-4PQ-XWR', refused: null })
    expect(codeField(' k7m - 4pq - xwr ', 17)).toMatchObject({ value: 'K7M-4PQ-XWR', caret: 11, refused: null })
  })

  it('refuses what no code holds, saying whether it is a look-alike', () => {
    expect(typeInto('K7M0')).toMatchObject({ value: 'K7M', refused: 'confusable' })
    expect(typeInto('K7Mo')).toMatchObject({ value: 'K7M', refused: 'confusable' })
    expect(typeInto('K7Ml')).toMatchObject({ value: 'K7M', refused: 'confusable' })
    expect(typeInto('K7Mi')).toMatchObject({ value: 'K7M', refused: 'confusable' })
    expect(typeInto('K7Mu')).toMatchObject({ value: 'K7M', refused: 'confusable' })
    expect(typeInto('K7Mé')).toMatchObject({ value: 'K7M', refused: 'other' })
    expect(typeInto('K7M?')).toMatchObject({ value: 'K7M', refused: 'other' })
    expect(typeInto('K7M4PQXWRA')).toMatchObject({ value: 'K7M-4PQ-XWR', refused: 'too-long' })
  })

  it('keeps the caret where the person was typing, in the middle too', () => {
    // "K7M-|PQ" + "4" typed at the caret: "K7M-4|PQ".
    expect(codeField('K7M-4PQ', 5, 'K7M-PQ')).toMatchObject({ value: 'K7M-4PQ', caret: 5 })
    // "K|M-4PQ" + "7": "K7|M4-PQ" regrouped as "K7M-4PQ", the caret after the 7.
    expect(codeField('K7M-4PQ', 2, 'KM-4PQ')).toMatchObject({ value: 'K7M-4PQ', caret: 2 })
  })

  it('erases the character before a dash when Backspace took only the dash', () => {
    // "K7M-|4PQ", Backspace: the browser removes the dash; the M goes instead.
    expect(codeField('K7M4PQ', 3, 'K7M-4PQ', true)).toMatchObject({ value: 'K74-PQ', caret: 2 })
    // An ordinary Backspace at the end.
    expect(codeField('K7M-', 4, 'K7M-4', true)).toMatchObject({ value: 'K7M', caret: 3 })
  })
})
