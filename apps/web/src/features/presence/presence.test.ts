import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Awareness } from 'y-protocols/awareness'
import { readPresence, TYPING_FRESH_MS, TypingClock } from './presence.js'

function awarenessWith(states: Array<Record<string, unknown>>): Awareness {
  const awareness = new Awareness(new Y.Doc())
  awareness.setLocalState(null)
  states.forEach((state, i) => awareness.states.set(1000 + i, state))
  return awareness
}

describe('readPresence', () => {
  it('tells readers from writers', () => {
    const awareness = awarenessWith([
      { user: { name: 'Soizic', color: '#1f4e79' } },
      { user: { name: 'Anonyme', color: '#4d5562' }, reading: true },
    ])
    const people = readPresence(awareness, { typingClock: new TypingClock(), closed: false })
    expect(people.map((p) => [p.name, p.reading])).toEqual([
      ['Anonyme', true],
      ['Soizic', false],
    ])
  })

  it('times a typing mark on this computer’s clock, whatever the writer’s clock says', () => {
    const clock = new TypingClock()
    // The writer's computer is an hour behind: its mark is an old timestamp, still fresh news here.
    const awareness = awarenessWith([{ user: { name: 'Gwen', color: '#1e6b3a' }, typing: Date.now() - 3_600_000 }])
    const at = 1_000_000
    expect(readPresence(awareness, { typingClock: clock, closed: false, now: at })[0]!.typing).toBe(true)
    expect(clock.nextFade(at)).toBe(at + TYPING_FRESH_MS)
    // The mark is left behind (the writer's tab went to sleep): it fades by itself.
    expect(readPresence(awareness, { typingClock: clock, closed: false, now: at + TYPING_FRESH_MS })[0]!.typing).toBe(false)
    expect(clock.nextFade(at + TYPING_FRESH_MS)).toBeNull()
  })

  it('shows nobody typing on a closed page, nor a reader', () => {
    const awareness = awarenessWith([
      { user: { name: 'Gwen', color: '#1e6b3a' }, typing: 1 },
      { user: { name: 'Paul', color: '#1e6b3a' }, typing: 1, reading: true },
    ])
    expect(readPresence(awareness, { typingClock: new TypingClock(), closed: true }).some((p) => p.typing)).toBe(false)
    expect(readPresence(awareness, { typingClock: new TypingClock(), closed: false }).map((p) => p.typing)).toEqual([true, false])
  })
})
