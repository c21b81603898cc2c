import { describe, expect, it } from 'vitest'
import { en } from './en.js'
import { fr } from './fr.js'
import { translate } from './translate.js'

describe('translate', () => {
  it('fills in values', () => {
    expect(translate(fr, 'projector.following', { name: 'Soizic' })).toBe('Suit Soizic')
  })

  it('picks the singular or the plural by each language’s rules', () => {
    expect(translate(fr, 'presence.count', { count: 0 }, 'fr')).toBe('0 personne sur la page')
    expect(translate(fr, 'presence.count', { count: 1 }, 'fr')).toBe('1 personne sur la page')
    expect(translate(fr, 'presence.count', { count: 2 }, 'fr')).toBe('2 personnes sur la page')
    expect(translate(en, 'presence.count', { count: 0 }, 'en')).toBe('0 people on the page')
    expect(translate(en, 'presence.count', { count: 1 }, 'en')).toBe('1 person on the page')
    expect(translate(fr, 'home.local.unsent', { count: 34 }, 'fr')).toBe('34 modifications pas encore envoyées')
  })

  it('leaves no "(s)" plural in either catalogue', () => {
    for (const text of [...Object.values(fr), ...Object.values(en)]) expect(text).not.toMatch(/\(s\)|\(es\)/)
  })
})
