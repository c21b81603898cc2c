// From stamps to latencies: warm-up drop by keystroke, per-delivery and last-receiver figures,
// missing deliveries counted, not guessed.
import { describe, expect, it } from 'vitest'
import { clockIndex, latencies, paceSends, roomUrl, roundRobinLatencies, stampArrival } from './common.mjs'

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

  it('stamps the first arrival of a keystroke, tells repeats and the setup update apart', () => {
    const index = clockIndex(Int32Array.of(1, 2))
    const arrivals = Float64Array.of(NaN, NaN)
    expect(stampArrival(index, arrivals, 0, 5)).toBe('setup')
    expect(stampArrival(index, arrivals, 2, 7)).toBe('first')
    expect(stampArrival(index, arrivals, 2, 9)).toBe('again')
    expect(stampArrival(index, arrivals, 40, 9)).toBe('other')
    expect([...arrivals]).toEqual([NaN, 9])
  })

  it('reads round-robin sends back per series, warm-up dropped, never-arrived left out', () => {
    // Messages 0..5 over two series: series 0 holds messages 0, 2, 4; series 1 holds 1, 3, 5.
    const sent = Float64Array.of(0, 10, 20, 30, 40, 50)
    const even = Float64Array.of(1, 22, 43)
    const odd = Float64Array.of(12, NaN, 55)
    expect(roundRobinLatencies(sent, 6, [even, odd], 0)).toEqual([1, 2, 2, 3, 5])
    expect(roundRobinLatencies(sent, 6, [even, odd], 0.5)).toEqual([3, 5])
    expect(roundRobinLatencies(sent, 4, [even, odd], 0)).toEqual([1, 2, 2])
  })

  it('paces every message in order and stamps when each left', async () => {
    const order: number[] = []
    const { sent, count, start, end } = await paceSends({ total: 5, ratePerS: 1000, send: (j) => order.push(j) })
    expect(count).toBe(5)
    expect(order).toEqual([0, 1, 2, 3, 4])
    for (let j = 1; j < 5; j++) expect(sent[j]).toBeGreaterThanOrEqual(sent[j - 1])
    // Never before its moment on the schedule.
    for (let j = 0; j < 5; j++) expect(sent[j]).toBeGreaterThanOrEqual(start + j)
    expect(end).toBeGreaterThanOrEqual(sent[4])
  })
})
