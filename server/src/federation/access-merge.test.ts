import { describe, expect, it } from 'vitest'
import { linkedAccessOutcome } from './access-merge.js'

const keyA = { keyHash: 'a'.repeat(64), openToAll: false, closed: false }
const keyB = { keyHash: 'b'.repeat(64), openToAll: false, closed: false }
const open = { keyHash: null, openToAll: true, closed: false }

describe('linkedAccessOutcome', () => {
  it('takes the other side’s record for a page never claimed here', () => {
    expect(linkedAccessOutcome(null, keyA, 'city')).toBe('take')
    expect(linkedAccessOutcome(null, keyA, 'room')).toBe('take')
  })

  it('lets the city’s flags win for the same key', () => {
    expect(linkedAccessOutcome(keyA, { ...keyA, closed: true }, 'room')).toBe('take')
    expect(linkedAccessOutcome({ ...keyA, closed: true }, keyA, 'city')).toBe('keep')
  })

  it('sees two keys for one page as a conflict the room resolves, the city keeping its own', () => {
    expect(linkedAccessOutcome(keyA, keyB, 'room')).toBe('conflict')
    expect(linkedAccessOutcome(keyB, keyA, 'city')).toBe('keep')
    // Open to all from a keyless first writer on one side, claimed with a key on the other.
    expect(linkedAccessOutcome(open, keyA, 'room')).toBe('conflict')
  })
})
