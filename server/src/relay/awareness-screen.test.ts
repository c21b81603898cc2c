import { describe, expect, it } from 'vitest'
import { MAX_AWARENESS_CLIENTS_PER_SOCKET, MAX_AWARENESS_STATE_CHARS, screenAwareness } from './awareness-screen.js'

const entry = (clientId: number, state = '{"user":{"name":"Anne"}}', clock = 1) => ({ clientId, clock, state })
const nobodyElse = () => false

describe('screenAwareness', () => {
  it('lets a socket announce and update its own clients', () => {
    expect(screenAwareness([entry(1)], new Set(), nobodyElse)).toEqual({ ok: true, keep: [entry(1)] })
    expect(screenAwareness([entry(1, '{}', 2)], new Set([1]), nobodyElse)).toEqual({ ok: true, keep: [entry(1, '{}', 2)] })
  })

  it('drops, without refusing, the entries of a presence another socket holds', () => {
    const screened = screenAwareness([entry(1), entry(2, '{"user":{"name":"IMPOSTOR"}}', 1000)], new Set([1]), (id) => id === 2)
    expect(screened).toEqual({ ok: true, keep: [entry(1)] })
  })

  it('refuses more clients than a socket may hold, counting those it holds', () => {
    const many = Array.from({ length: MAX_AWARENESS_CLIENTS_PER_SOCKET + 1 }, (_, i) => entry(i + 10))
    expect(screenAwareness(many, new Set(), nobodyElse)).toMatchObject({ ok: false, reason: expect.stringContaining('too many awareness clients') })
    expect(screenAwareness([entry(99)], new Set([1, 2, 3, 4]), nobodyElse)).toMatchObject({ ok: false })
    // Leaving (state null) never counts as a new client.
    expect(screenAwareness([entry(99, 'null')], new Set([1, 2, 3, 4]), nobodyElse)).toEqual({ ok: true, keep: [entry(99, 'null')] })
  })

  it('refuses a state too large to keep and send to everyone', () => {
    const huge = entry(1, JSON.stringify({ x: 'a'.repeat(MAX_AWARENESS_STATE_CHARS) }))
    expect(screenAwareness([huge], new Set(), nobodyElse)).toMatchObject({ ok: false, reason: expect.stringContaining('too large') })
  })
})
