import { describe, expect, it } from 'vitest'
import { en } from './en.js'
import { fr } from './fr.js'
import { translate } from './translate.js'

describe('translate', () => {
  it('fills in values', () => {
    expect(translate(fr, 'projector.following', { name: 'Soizic' })).toBe('Suit Soizic')
  })

  it('picks the singular or the plural by each language’s rules', () => {
    expect(translate(fr, 'presence.writers', { count: 0 }, 'fr')).toBe('0 personne écrit')
    expect(translate(fr, 'presence.writers', { count: 1 }, 'fr')).toBe('1 personne écrit')
    expect(translate(fr, 'presence.writers', { count: 2 }, 'fr')).toBe('2 personnes écrivent')
    expect(translate(fr, 'presence.readers', { count: 3 }, 'fr')).toBe('3 lisent')
    expect(translate(en, 'presence.writers', { count: 0 }, 'en')).toBe('0 people writing')
    expect(translate(en, 'presence.writers', { count: 1 }, 'en')).toBe('1 person writing')
    expect(translate(fr, 'status.pending', { count: 34 }, 'fr')).toBe('34 modifications en attente d’envoi')
  })

  it('leaves no "(s)" plural in either catalogue', () => {
    for (const text of [...Object.values(fr), ...Object.values(en)]) expect(text).not.toMatch(/\(s\)|\(es\)/)
  })
})
