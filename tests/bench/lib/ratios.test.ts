// Ratios: Carnet ÷ the best other contender per figure (best follows the unit), and ÷ the floor.
import { describe, expect, it } from 'vitest'
import { betterIs, ratio, ratioRows } from './ratios.mjs'

const who = { subject: 'carnet', floor: 'floor', competitors: ['y-websocket', 'hocuspocus'] }

describe('ratios', () => {
  it('reads the direction from the unit in the key', () => {
    expect(betterIs('p99_ms')).toBe('lower')
    expect(betterIs('stored_bytes')).toBe('lower')
    expect(betterIs('accepted_per_s')).toBe('higher')
    expect(betterIs('reclaimed_pct')).toBe('higher')
    expect(betterIs('lost_updates')).toBe('lower')
    expect(betterIs('clients')).toBeNull()
  })

  it('compares with the best competitor of each figure, within the same parameters', () => {
    const rows = [
      { bench: 'fanout', server: 'floor', clients: 10, p99_ms: 1 },
      { bench: 'fanout', server: 'carnet', clients: 10, p99_ms: 3, accepted_per_s: 900 },
      { bench: 'fanout', server: 'y-websocket', clients: 10, p99_ms: 4, accepted_per_s: 1000 },
      { bench: 'fanout', server: 'hocuspocus', clients: 10, p99_ms: 6, accepted_per_s: 500 },
      { bench: 'fanout', server: 'y-websocket', clients: 100, p99_ms: 1 },
      { bench: 'other', server: 'carnet', clients: 10, p99_ms: 100 },
    ]
    const out = ratioRows(rows, { name: 'fanout', params: ['clients'], ratioMetrics: ['p99_ms', 'accepted_per_s'] }, who)
    expect(out).toEqual([
      {
        bench: 'fanout',
        server: 'carnet÷best',
        ratio: true,
        clients: 10,
        p99_ms_ratio: 0.75,
        p99_ms_vs: 'y-websocket',
        accepted_per_s_ratio: 0.9,
        accepted_per_s_vs: 'y-websocket',
      },
      { bench: 'fanout', server: 'carnet÷floor', ratio: true, clients: 10, p99_ms_ratio: 3 },
    ])
  })

  it('never picks a skipped row or a variant that is not a competitor', () => {
    const rows = [
      { bench: 'b', server: 'carnet', load_ms: 10 },
      { bench: 'b', server: 'carnet (no compaction)', load_ms: 1 },
      { bench: 'b', server: 'hocuspocus', skipped: 'cannot install' },
      { bench: 'b', server: 'y-websocket', load_ms: 20 },
    ]
    const [best] = ratioRows(rows, { name: 'b', params: [], ratioMetrics: ['load_ms'] }, who)
    expect(best).toMatchObject({ load_ms_ratio: 0.5, load_ms_vs: 'y-websocket' })
  })

  it('uses the floor row whatever its parameters when told to', () => {
    const rows = [
      { bench: 'large', server: 'floor', phase: 'Y.applyUpdate', load_ms: 20 },
      { bench: 'large', server: 'carnet', phase: 'compacted', load_ms: 30 },
    ]
    const out = ratioRows(rows, { name: 'large', params: ['phase'], ratioMetrics: ['load_ms'], floorIgnoresParams: true }, who)
    expect(out).toEqual([{ bench: 'large', server: 'carnet÷floor', ratio: true, phase: 'compacted', load_ms_ratio: 1.5 }])
  })

  it('gives 1 for two zeros', () => {
    expect(ratio(0, 0)).toBe(1)
    expect(ratio(2, 0)).toBe(Infinity)
  })
})
