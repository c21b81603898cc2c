import { describe, expect, it } from 'vitest'
import { offsetFromSamples } from './reference-clock.js'

describe('the server’s clock, estimated from Date headers', () => {
  it('narrows the offset with samples taken at different moments of the second', () => {
    // The server is 90 s and 400 ms ahead; answers take 40 ms; its Date header is truncated to the second.
    const trueOffset = 90_400
    const samples = [1_000_000, 1_000_350, 1_000_700].map((sentAt) => {
      const atServer = sentAt + 20 + trueOffset
      return { sentAt, receivedAt: sentAt + 40, serverSecond: Math.floor(atServer / 1000) * 1000 }
    })
    const one = offsetFromSamples(samples.slice(0, 1))!
    const three = offsetFromSamples(samples)!
    expect(Math.abs(one - trueOffset)).toBeLessThanOrEqual(520)
    expect(Math.abs(three - trueOffset)).toBeLessThan(Math.abs(one - trueOffset))
    expect(Math.abs(three - trueOffset)).toBeLessThanOrEqual(200)
  })

  it('falls back to the quickest sample when the samples disagree, and knows nothing without one', () => {
    const samples = [
      { sentAt: 0, receivedAt: 30, serverSecond: 5_000 },
      { sentAt: 1_000, receivedAt: 1_400, serverSecond: 60_000 },
    ]
    expect(offsetFromSamples(samples)).toBe(5_485)
    expect(offsetFromSamples([])).toBeNull()
  })
})
