import { describe, expect, it } from 'vitest'
import { assertPageId, InvalidPageIdError, isValidPageId, newPageId, slugify } from './page-id.js'

describe('page ids', () => {
  it('accepts exactly [a-z0-9-]{3,64}', () => {
    expect(isValidPageId('abc')).toBe(true)
    expect(isValidPageId('reunion-2026-03-12')).toBe(true)
    expect(isValidPageId('a'.repeat(64))).toBe(true)
    for (const bad of ['ab', 'a'.repeat(65), 'Abc', 'réunion', 'a_b', 'a b', 'a/b', 'a.b', '', '../etc']) {
      expect(isValidPageId(bad)).toBe(false)
    }
    expect(isValidPageId(42)).toBe(false)
  })

  it('throws a clear error for a bad id', () => {
    expect(() => assertPageId('Bad Id')).toThrow(InvalidPageIdError)
    expect(() => assertPageId('Bad Id')).toThrow(/3 to 64 characters/)
  })

  it('mints valid, distinct ids with a readable prefix', () => {
    const ids = new Set<string>()
    for (let i = 0; i < 2000; i++) {
      const id = newPageId('Fiche d’innovation sociale')
      expect(isValidPageId(id)).toBe(true)
      expect(id).toMatch(/^fiche-d-innovation-sociale-[2-9a-z]{10}$/)
      ids.add(id)
    }
    expect(ids.size).toBe(2000)
    expect(newPageId()).toMatch(/^[2-9a-z]{10}$/)
    expect(newPageId('x'.repeat(100)).length).toBeLessThanOrEqual(64)
  })

  it('slugifies French titles', () => {
    expect(slugify('Réunion du 12 mars — Café')).toBe('reunion-du-12-mars-cafe')
    expect(slugify('  ---  ')).toBe('')
  })
})
