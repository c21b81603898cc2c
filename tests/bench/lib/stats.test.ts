// The suite's statistics: nearest-rank percentiles (every figure is a measured sample) and the
// warm-up drop.
import { describe, expect, it } from 'vitest'
import { dropWarmup, median, percentileSorted, round3, summarize } from './stats.mjs'

describe('stats', () => {
  it('takes nearest-rank percentiles, never interpolating', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentileSorted(sorted, 50)).toBe(50)
    expect(percentileSorted(sorted, 99)).toBe(99)
    expect(percentileSorted(sorted, 100)).toBe(100)
    expect(percentileSorted(Float64Array.of(3, 7), 50)).toBe(3)
    expect(percentileSorted(new Float64Array(0), 50)).toBeNaN()
  })

  it('drops the first 10 % as warm-up, keeping order', () => {
    expect(dropWarmup([9, 8, 7, 6, 5, 4, 3, 2, 1, 0])).toEqual([8, 7, 6, 5, 4, 3, 2, 1, 0])
    expect(dropWarmup([1, 2, 3])).toEqual([1, 2, 3])
    expect(dropWarmup(Array.from({ length: 25 }, (_, i) => i)).length).toBe(23)
  })

  it('summarizes unsorted samples', () => {
    const s = summarize([5, 1, 4, 2, 3])
    expect(s).toEqual({ count: 5, p50: 3, p99: 5, max: 5, mean: 3 })
    expect(median([10, 30, 20])).toBe(20)
  })

  it('rounds to three significant digits', () => {
    expect(round3(0.123456)).toBe(0.123)
    expect(round3(12.3456)).toBe(12.3)
    expect(round3(123456)).toBe(123456)
    expect(round3(0)).toBe(0)
  })
})
