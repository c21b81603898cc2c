import { describe, expect, it } from 'vitest'
import { findTemplate } from '@carnet/core'
import { isoDay, suggestedTitle } from './suggested-title.js'

describe('suggestedTitle', () => {
  const day = new Date(2026, 2, 12, 10, 0)
  it('fills the day in words', () => {
    expect(suggestedTitle(findTemplate('reunion'), 'fr', day)).toBe('Réunion du 12 mars 2026')
    expect(suggestedTitle(findTemplate('atelier'), 'en', day)).toBe('Workshop of 12 March 2026')
  })
  it('suggests nothing for a blank page', () => {
    expect(suggestedTitle(findTemplate('page-blanche'), 'fr', day)).toBe('')
    expect(suggestedTitle(undefined, 'fr', day)).toBe('')
  })
  it('gives the local calendar day', () => {
    expect(isoDay(day)).toBe('2026-03-12')
  })
})
