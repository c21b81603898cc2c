import { describe, expect, it } from 'vitest'
import { bodyLines, templateLines, templatesMatching, withoutTemplateText } from './template-text.js'

describe('a template’s own text', () => {
  it('reads a template’s lines as the search index reads a page', () => {
    expect(templateLines('reunion', 'fr').slice(0, 5)).toEqual(['Participants', 'Ordre du jour', 'Notes', 'Décisions', 'Actions'])
    expect(templateLines('page-blanche', 'fr')).toEqual([])
    expect(templateLines('inconnu', 'fr')).toEqual([])
    expect(bodyLines({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'a' }, { type: 'hardBreak' }, { type: 'text', text: ' b ' }] }] })).toEqual(['a', 'b'])
  })

  it('leaves out the template’s lines once each, keeping what people wrote', () => {
    const page = ['Participants', 'Soizic, Gwen', 'Ordre du jour', 'Notes', 'Décisions', 'Nous prenons des décisions', 'Décisions', 'Actions'].join('\n')
    expect(withoutTemplateText(page, 'reunion').split('\n')).toEqual(['Soizic, Gwen', 'Nous prenons des décisions', 'Décisions'])
    // A page made in English loses the English lines, not the French ones.
    expect(withoutTemplateText('Agenda\nDecisions\nOrdre du jour', 'reunion')).toBe('Ordre du jour')
    expect(withoutTemplateText('Décisions', 'page-blanche')).toBe('Décisions')
  })

  it('tells which templates hold a typed word, accents and case ignored, word starts included', () => {
    expect(templatesMatching('DÉCISION')).toEqual(['reunion'])
    expect(templatesMatching('decisions')).toEqual(['reunion'])
    expect(templatesMatching('ordre du')).toEqual(['reunion'])
    expect(templatesMatching('jardin')).toEqual([])
    expect(templatesMatching('"')).toEqual([])
  })
})
