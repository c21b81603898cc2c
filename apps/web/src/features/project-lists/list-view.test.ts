import { describe, expect, it } from 'vitest'
import { byMeeting, isLate, searched } from './list-view.js'

const item = (pageId: string, text: string, who = '') => ({ pageId, pageTitle: `Réunion ${pageId}`, day: '2026-03-14', text, who })

describe('a project’s list on screen', () => {
  it('keeps what holds every typed word, accents and case ignored, in the text, who or the meeting', () => {
    const items = [item('a', 'Le budget est voté', 'Anne'), item('b', 'Fête du jardin', 'Éloi'), item('c', 'Rien')]
    expect(searched(items, 'BUDGET vote').map((i) => i.pageId)).toEqual(['a'])
    expect(searched(items, 'eloi').map((i) => i.pageId)).toEqual(['b'])
    expect(searched(items, 'réunion c').map((i) => i.pageId)).toEqual(['c'])
    expect(searched(items, '  ')).toHaveLength(3)
  })

  it('groups consecutive items of one meeting, in order', () => {
    const groups = byMeeting([item('a', '1'), item('a', '2'), item('b', '3'), item('a', '4')])
    expect(groups.map((g) => [g.pageId, g.items.map((i) => i.text)])).toEqual([
      ['a', ['1', '2']],
      ['b', ['3']],
      ['a', ['4']],
    ])
  })

  it('knows an open action past its day', () => {
    expect(isLate({ due: '2026-03-01', done: false }, '2026-03-14')).toBe(true)
    expect(isLate({ due: '2026-03-01', done: true }, '2026-03-14')).toBe(false)
    expect(isLate({ due: '', done: false }, '2026-03-14')).toBe(false)
    expect(isLate({ due: '2026-03-14', done: false }, '2026-03-14')).toBe(false)
  })
})
