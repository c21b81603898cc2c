import { describe, expect, it } from 'vitest'
import { isValidEditKey, newEditKey } from './edit-key.js'

describe('edit keys', () => {
  it('are 128 random bits in base64url', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => newEditKey()))
    expect(keys.size).toBe(1000)
    for (const key of keys) expect(isValidEditKey(key)).toBe(true)
  })
  it('rejects anything else', () => {
    for (const bad of ['', 'short', 'a'.repeat(23), 'a'.repeat(21) + '+', null, 12]) expect(isValidEditKey(bad)).toBe(false)
  })
})
