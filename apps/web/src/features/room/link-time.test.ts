import { describe, expect, it } from 'vitest'
import { linkTime } from './link-time.js'

const PARIS = 'Europe/Paris'
// 12 March 2026, 14:02 in Paris (13:02 UTC).
const CUT = Date.UTC(2026, 2, 12, 13, 2)

describe('the time the link to the city went down', () => {
  it('is told as French people say it, the same day', () => {
    expect(linkTime(CUT, CUT + 3_600_000, 'fr', PARIS)).toBe('14\u00a0h\u00a002')
    expect(linkTime(Date.UTC(2026, 2, 12, 8, 5), CUT, 'fr', PARIS)).toBe('9\u00a0h\u00a005')
    expect(linkTime(CUT, CUT, 'en', PARIS)).toBe('14:02')
  })

  it('gives the day when it was not today', () => {
    expect(linkTime(CUT, CUT + 86_400_000, 'fr', PARIS)).toBe('12 mars, 14\u00a0h\u00a002')
    expect(linkTime(CUT, CUT + 86_400_000, 'en', PARIS)).toBe('12 March, 14:02')
  })
})
