import { describe, expect, it } from 'vitest'
import { withNamesSeen } from './names-seen.js'

const person = (name: string, reading = false) => ({ clientId: name.length, name, color: '#000000', self: false, reading, typing: false })

describe('the names seen on a page', () => {
  it('keeps each named writer once, in the order they came, never a reader nor "Anonyme"', () => {
    let seen = withNamesSeen([], [person('Anonyme'), person('Soizic')])
    seen = withNamesSeen(seen, [person('Bruno'), person('soizic'), person('Lecteur', true), person('  ')])
    const before = seen
    seen = withNamesSeen(seen, [person('Anonymous'), person('Bruno')])
    expect(seen).toEqual(['Soizic', 'Bruno'])
    expect(seen).toBe(before)
  })
})
