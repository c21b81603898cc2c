// From stamps to latencies: warm-up drop by keystroke, per-delivery and last-receiver figures,
// missing deliveries counted, not guessed.
import { describe, expect, it } from 'vitest'
import { clockIndex, latencies, roomUrl } from './common.mjs'

describe('latencies', () => {
  it('computes per delivery and per keystroke for the last receiver', () => {
    const sent = Float64Array.from({ length: 10 }, (_, k) => k * 100)
    const fast = Float64Array.from(sent, (t) => t + 1)
    const slow = Float64Array.from(sent, (t, k) => t + 2 + k)
    const result = latencies(sent, [fast, slow], 0.1)
    // Keystroke 0 is warm-up: 9 keystrokes × 2 receivers.
    expect(result.deliveries).toBe(18)
    expect(result.missing).toBe(0)
    expect(result.max_ms).toBe(11)
    expect(result.last_p50_ms).toBe(7)
    expect(result.p50_ms).toBe(1)
  })

  it('counts what never arrived and keeps it out of the last-receiver figures', () => {
    const sent = Float64Array.of(0, 10, 20)
    const a = Float64Array.of(1, 11, NaN)
    const result = latencies(sent, [a], 0)
    expect(result.missing).toBe(1)
    expect(result.deliveries).toBe(2)
    expect(result.last_max_ms).toBe(1)
  })

  it('maps clocks back to keystrokes', () => {
    const index = clockIndex(Int32Array.of(2, 3, 4))
    expect([...index]).toEqual([-1, -1, 0, 1, 2])
  })

  it('puts the room in the URL template (or not, for Hocuspocus)', () => {
    expect(roomUrl('ws://h:1/sync/{room}', 'p-1')).toBe('ws://h:1/sync/p-1')
    expect(roomUrl('ws://h:1/', 'p-1')).toBe('ws://h:1/')
  })
})
