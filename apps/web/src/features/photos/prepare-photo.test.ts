import { describe, expect, it } from 'vitest'
import { LONG_SIDE, preparedSize } from './prepare-photo.js'

describe('a prepared photo’s size', () => {
  it('brings the long side down to 2,048 pixels, keeping the proportions, landscape or portrait', () => {
    expect(preparedSize(4032, 3024)).toEqual({ width: LONG_SIDE, height: 1536 })
    expect(preparedSize(3024, 4032)).toEqual({ width: 1536, height: LONG_SIDE })
    expect(preparedSize(12_000, 100)).toEqual({ width: 2048, height: 17 })
  })

  it('never enlarges a small picture, and never reaches zero', () => {
    expect(preparedSize(800, 600)).toEqual({ width: 800, height: 600 })
    expect(preparedSize(100_000, 1)).toEqual({ width: 2048, height: 1 })
  })
})
