import { describe, expect, it } from 'vitest'
import { formatJoinCode, JOIN_CODE_ALPHABET, JOIN_CODE_BITS, JOIN_CODE_LENGTH, newJoinCode, normaliseJoinCode } from './join-code.js'

describe('join codes', () => {
  it('are nine characters with nothing to confuse, at least 40 bits', () => {
    expect(JOIN_CODE_ALPHABET).not.toMatch(/[01ILOU]/)
    expect(JOIN_CODE_BITS).toBeGreaterThanOrEqual(40)
    for (let i = 0; i < 200; i++) {
      const code = newJoinCode()
      expect(code).toHaveLength(JOIN_CODE_LENGTH)
      expect([...code].every((char) => JOIN_CODE_ALPHABET.includes(char))).toBe(true)
    }
  })

  it('read back however they were typed', () => {
    expect(normaliseJoinCode('k7m-4pq-xwr')).toBe('K7M4PQXWR')
    expect(normaliseJoinCode(' K7M 4PQ XWR ')).toBe('K7M4PQXWR')
    expect(normaliseJoinCode('K7M4PQXW')).toBeNull()
    expect(normaliseJoinCode('K7M4PQXW0')).toBeNull()
    expect(formatJoinCode('K7M4PQXWR')).toBe('K7M-4PQ-XWR')
  })
})
