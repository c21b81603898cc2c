import { describe, expect, it } from 'vitest'
import type { AgendaMoment } from '@carnet/core/agenda'
import { translate } from '../../i18n/translate.js'
import { fr } from '../../i18n/fr.js'
import { durationWords, timeGone, timeLeftWords } from './agenda-words.js'

const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(fr, key, params, 'fr')
const moment = (remainingMs: number, patch: Partial<AgendaMoment> = {}): AgendaMoment => ({
  index: 0,
  count: 2,
  item: { title: 'Budget', minutes: 15 },
  elapsedMs: 15 * 60_000 - remainingMs,
  remainingMs,
  paused: false,
  finished: false,
  ...patch,
})

describe('the agenda timer in words', () => {
  it('says whole minutes, rounded up, and hours past sixty', () => {
    expect(durationWords(12 * 60_000 + 1, t)).toBe('13 min')
    expect(durationWords(1, t)).toBe('1 min')
    expect(durationWords(65 * 60_000, t)).toBe('1 h 05')
  })

  it('says the time left calmly, the last minute, the time over and the end', () => {
    expect(timeLeftWords(moment(12 * 60_000), t)).toBe('encore 12 min')
    expect(timeLeftWords(moment(30_000), t)).toBe('moins d’une minute')
    expect(timeLeftWords(moment(-2 * 60_000 - 5_000), t)).toBe('temps prévu dépassé de 3 min')
    expect(timeLeftWords(moment(0, { finished: true, item: null }), t)).toBe('Ordre du jour terminé')
    expect(timeGone(moment(5 * 60_000))).toBeCloseTo(2 / 3)
    expect(timeGone(moment(-60_000))).toBe(1)
  })
})
