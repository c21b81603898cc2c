import { describe, expect, it } from 'vitest'
import { randomWriterColor, WRITER_COLORS } from './palette.js'

describe('randomWriterColor', () => {
  it('gives a colour nobody present has while one is left', () => {
    const taken = WRITER_COLORS.slice(0, -1).map((color) => color.toUpperCase())
    for (const draw of [0, 0.5, 0.99]) expect(randomWriterColor(taken, () => draw)).toBe(WRITER_COLORS.at(-1))
  })

  it('gives any colour once all are taken', () => {
    expect(WRITER_COLORS).toContain(randomWriterColor([...WRITER_COLORS], () => 0.3))
  })
})
