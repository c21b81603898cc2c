import { describe, expect, it } from 'vitest'
import { actionFields, dueDay, isPlaceholderAction } from './action-fields.js'

describe('who and when of an action', () => {
  it('reads the labelled parts the Réunion template writes', () => {
    expect(actionFields('Qui : Anne — Quoi : appeler la mairie — Pour quand : 15 mars', '2026-03-02')).toEqual({
      who: 'Anne',
      what: 'appeler la mairie',
      when: '15 mars',
      due: '2026-03-15',
    })
  })

  it('takes labels in any order, with or without the French space, in English too', () => {
    expect(actionFields('Pour quand: 2026-04-01 ; qui: Bruno et Chloé ; quoi : réserver la salle')).toEqual({
      who: 'Bruno et Chloé',
      what: 'réserver la salle',
      when: '2026-04-01',
      due: '2026-04-01',
    })
    expect(actionFields('Who: Dana — What: print the posters — By when: March 20', '2026-03-02')).toMatchObject({ who: 'Dana', what: 'print the posters', due: '2026-03-20' })
    expect(actionFields('Envoyer le compte rendu — Qui : Éloi — Échéance : vendredi')).toEqual({ who: 'Éloi', what: 'Envoyer le compte rendu', when: 'vendredi', due: '' })
  })

  it('leaves the template’s placeholders empty', () => {
    expect(actionFields('Qui : Anne — Quoi : … — Pour quand : …')).toEqual({ who: 'Anne', what: '', when: '', due: '' })
    expect(isPlaceholderAction('Qui : … — Quoi : … — Pour quand : …')).toBe(true)
    expect(isPlaceholderAction('Who: … — What: … — By when: …')).toBe(true)
    expect(isPlaceholderAction('')).toBe(true)
    expect(isPlaceholderAction('Qui : Anne — Quoi : … — Pour quand : …')).toBe(false)
  })

  it('reads @names and an introduced day in free text', () => {
    expect(actionFields('@Anne appelle la mairie pour le 15 mars', '2026-03-02')).toEqual({ who: 'Anne', what: 'appelle la mairie', when: '15 mars', due: '2026-03-15' })
    expect(actionFields('Réserver la salle (@Bruno, @Chloé Martin) avant le 12/04', '2026-03-02')).toMatchObject({ who: 'Bruno, Chloé Martin', when: '12/04', due: '2026-04-12' })
    expect(actionFields('Préparer le budget d’ici la prochaine réunion')).toEqual({ who: '', what: 'Préparer le budget', when: 'la prochaine réunion', due: '' })
    expect(actionFields('Imprimer les affiches 2026-05-01')).toMatchObject({ what: 'Imprimer les affiches', when: '2026-05-01', due: '2026-05-01' })
    expect(actionFields('Ranger le local')).toEqual({ who: '', what: 'Ranger le local', when: '', due: '' })
  })

  it('does not take an address or a number for a day', () => {
    expect(actionFields('Écrire à contact@asso.fr pour 3 devis')).toMatchObject({ who: '', when: '', due: '' })
  })
})

describe('the day a when names', () => {
  it('reads ISO days, French and English days, with or without the year', () => {
    expect(dueDay('2026-03-15', '')).toBe('2026-03-15')
    expect(dueDay('15/03/2026', '')).toBe('2026-03-15')
    expect(dueDay('15/03/26', '')).toBe('2026-03-15')
    expect(dueDay('1er avril 2026', '')).toBe('2026-04-01')
    expect(dueDay('15 mars', '2026-03-02')).toBe('2026-03-15')
    expect(dueDay('March 15th', '2026-03-02')).toBe('2026-03-15')
    expect(dueDay('15 févr.', '2026-01-10')).toBe('2026-02-15')
    expect(dueDay('12 août', '2026-07-01')).toBe('2026-08-12')
  })

  it('takes the next year for a day well before the meeting, and knows no year without a meeting', () => {
    expect(dueDay('15 janvier', '2026-12-10')).toBe('2027-01-15')
    expect(dueDay('1er décembre', '2026-12-10')).toBe('2026-12-01')
    expect(dueDay('15 mars', '')).toBe('')
  })

  it('refuses days that do not exist and words that are not days', () => {
    expect(dueDay('31/02/2026', '')).toBe('')
    expect(dueDay('2026-13-01', '')).toBe('')
    expect(dueDay('vendredi', '2026-03-02')).toBe('')
    expect(dueDay('15 plouf', '2026-03-02')).toBe('')
  })
})
