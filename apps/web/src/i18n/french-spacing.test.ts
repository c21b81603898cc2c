import { describe, expect, it } from 'vitest'
import { fr } from './fr.js'
import { frenchSpacing, withFrenchSpacing } from './french-spacing.js'

describe('French spacing', () => {
  it('makes the space before high punctuation and inside guillemets non-breaking', () => {
    expect(frenchSpacing('Ordinateur partagé ? Attention : « {id} » !')).toBe(
      'Ordinateur partagé\u00a0? Attention\u00a0: «\u00a0{id}\u00a0»\u00a0!',
    )
  })

  it('leaves what has no space before its punctuation alone (times, addresses, placeholders)', () => {
    expect(frenchSpacing('14:05 https://carnet.example.org/p/abc {name}')).toBe('14:05 https://carnet.example.org/p/abc {name}')
  })

  it('leaves no breakable space before punctuation anywhere in the French catalogue', () => {
    for (const text of Object.values(withFrenchSpacing(fr))) {
      expect(text).not.toMatch(/ [:;?!»]|« /)
    }
  })
})
