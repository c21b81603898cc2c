import { describe, expect, it } from 'vitest'
import { ImportRateLimit } from './import-rate-limit.js'

describe('ImportRateLimit', () => {
  it('allows a burst of the minute\'s imports, then one as each refills, per address', () => {
    const limit = new ImportRateLimit(3)
    expect([0, 1, 2].map((ms) => limit.take('a', ms))).toEqual([null, null, null])
    expect(limit.take('a', 3)).toBe(20)
    expect(limit.take('b', 3)).toBeNull()
    expect(limit.take('a', 20_003)).toBeNull()
    expect(limit.take('a', 20_004)).toBe(20)
  })
})
