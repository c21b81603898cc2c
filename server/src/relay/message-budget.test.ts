import { describe, expect, it } from 'vitest'
import { MessageBudget } from './message-budget.js'

describe('MessageBudget', () => {
  it('allows a burst, then the sustained rate', () => {
    const budget = new MessageBudget(10, 5, 0)
    for (let i = 0; i < 5; i++) expect(budget.take(0)).toBe(true)
    expect(budget.take(0)).toBe(false)
    expect(budget.take(100)).toBe(true) // 100 ms at 10/s: one more
    expect(budget.take(100)).toBe(false)
  })

  it('never saves up more than the burst', () => {
    const budget = new MessageBudget(10, 3, 0)
    for (let i = 0; i < 3; i++) budget.take(0)
    let allowed = 0
    while (budget.take(60_000)) allowed++
    expect(allowed).toBe(3)
  })

  it('lets a fast typist through', () => {
    const budget = new MessageBudget(200, 2000, 0)
    let refused = 0
    // 60 messages a second (keystrokes and cursor moves) for ten minutes.
    for (let t = 0; t < 600_000; t += 1000 / 60) if (!budget.take(t)) refused++
    expect(refused).toBe(0)
  })
})
