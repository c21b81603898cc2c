import { describe, expect, it } from 'vitest'
import { MAX_AWARENESS_CLIENTS_PER_SOCKET, MAX_AWARENESS_STATE_CHARS, screenAwareness, type PresenceLedger, type Standing } from './awareness-screen.js'

const entry = (clientId: number, state = '{"user":{"name":"Anne"}}', clock = 1) => ({ clientId, clock, state })
const socket = (mentioned: number[] = [], shifts: Array<[number, number]> = []) => ({ mentioned: new Set(mentioned), clockShift: new Map(shifts) })

/** A ledger where each id has a standing and maybe a last clock announced. */
function ledger(standings: Record<number, Standing> = {}, clocks: Record<number, number> = {}): PresenceLedger {
  return { standing: (id) => standings[id] ?? 'free', lastClock: (id) => clocks[id] }
}

describe('screenAwareness', () => {
  it('lets a socket announce and update its own clients', () => {
    expect(screenAwareness([entry(1)], socket(), ledger())).toEqual({ ok: true, keep: [entry(1)], mentioned: [1], shifts: [], dropped: 0 })
    expect(screenAwareness([entry(1, '{}', 2)], socket([1]), ledger({ 1: 'own' }, { 1: 1 }))).toMatchObject({ ok: true, keep: [entry(1, '{}', 2)], mentioned: [] })
  })

  it('drops, without refusing, the entries of a presence that is someone else’s', () => {
    const screened = screenAwareness([entry(1), entry(2, '{"user":{"name":"IMPOSTOR"}}', 1000)], socket([1]), ledger({ 1: 'own', 2: 'taken' }))
    expect(screened).toMatchObject({ ok: true, keep: [entry(1)], dropped: 1 })
  })

  it('counts every id a socket ever spoke for, removals included', () => {
    const many = Array.from({ length: MAX_AWARENESS_CLIENTS_PER_SOCKET + 1 }, (_, i) => entry(i + 10))
    expect(screenAwareness(many, socket(), ledger())).toMatchObject({ ok: false, reason: expect.stringContaining('too many awareness clients') })
    expect(screenAwareness([entry(99)], socket([1, 2, 3, 4]), ledger())).toMatchObject({ ok: false })
    // "This client left", for ever-new ids: each still costs the relay a clock to remember.
    expect(screenAwareness([entry(99, 'null')], socket([1, 2, 3, 4]), ledger())).toMatchObject({ ok: false })
    const leavers = Array.from({ length: MAX_AWARENESS_CLIENTS_PER_SOCKET + 1 }, (_, i) => entry(i + 100, 'null'))
    expect(screenAwareness(leavers, socket(), ledger())).toMatchObject({ ok: false })
    // Its own ids again are not new.
    expect(screenAwareness([entry(1, 'null', 5)], socket([1, 2, 3, 4]), ledger({ 1: 'own' }))).toMatchObject({ ok: true })
  })

  it('refuses a state too large to keep and send to everyone', () => {
    const huge = entry(1, JSON.stringify({ x: 'a'.repeat(MAX_AWARENESS_STATE_CHARS) }))
    expect(screenAwareness([huge], socket(), ledger())).toMatchObject({ ok: false, reason: expect.stringContaining('too large') })
  })

  it('gives a client coming back its presence: its clocks move past the last one announced', () => {
    // The relay announced its leaving at clock 7; the client still counts from 7.
    const back = screenAwareness([entry(1, '{"user":{"name":"Anne"}}', 7)], socket(), ledger({ 1: 'returning' }, { 1: 7 }))
    expect(back).toMatchObject({ ok: true, keep: [entry(1, '{"user":{"name":"Anne"}}', 8)], shifts: [[1, 1]] })
    // Its next announcements keep the same shift.
    const next = screenAwareness([entry(1, '{}', 8)], socket([1], [[1, 1]]), ledger({ 1: 'own' }, { 1: 8 }))
    expect(next).toMatchObject({ ok: true, keep: [entry(1, '{}', 9)], shifts: [] })
  })

  it('drops, without counting, presences the relay already knows, passed back by a stock client', () => {
    // y-websocket's provider sends on every presence it hears of, with the clock it heard.
    const echoes = [entry(20, '{"user":{"name":"Bruno"}}', 3), entry(21, 'null', 9), entry(22, '{}', 1)]
    const screened = screenAwareness(echoes, socket([1, 2, 3, 4]), ledger({}, { 20: 3, 21: 9, 22: 5 }))
    expect(screened).toMatchObject({ ok: true, keep: [], mentioned: [] })
    // A newer clock for an id nobody holds is a claim: it counts.
    expect(screenAwareness([entry(20, '{}', 4)], socket([1, 2, 3, 4]), ledger({}, { 20: 3 }))).toMatchObject({ ok: false })
  })

  it('never lets a presence that is someone else’s be taken with a high clock', () => {
    const hijack = screenAwareness([entry(1, '{"user":{"name":"EVIL"}}', 1_000_000)], socket(), ledger({ 1: 'taken' }, { 1: 7 }))
    expect(hijack).toMatchObject({ ok: true, keep: [], mentioned: [], dropped: 1 })
  })
})
