import { describe, expect, it } from 'vitest'
import { COSTLY_REQUEST_BURST, SocketBudget, TokenBucket } from './socket-budget.js'

const limits = { messagesPerSecond: 200, messageBurst: 2000, bytesPerSecond: 512 * 1024, bytesBurst: 8 * 1024 * 1024 }

describe('TokenBucket', () => {
  it('allows a burst, then the sustained rate', () => {
    const budget = new TokenBucket(10, 5, 0)
    for (let i = 0; i < 5; i++) expect(budget.take(0)).toBe(true)
    expect(budget.take(0)).toBe(false)
    expect(budget.take(100)).toBe(true) // 100 ms at 10/s: one more
    expect(budget.take(100)).toBe(false)
  })

  it('never saves up more than the burst', () => {
    const budget = new TokenBucket(10, 3, 0)
    for (let i = 0; i < 3; i++) budget.take(0)
    let allowed = 0
    while (budget.take(60_000)) allowed++
    expect(allowed).toBe(3)
  })

  it('spends amounts, and refuses without spending what it does not hold', () => {
    const budget = new TokenBucket(100, 1000, 0)
    expect(budget.take(0, 900)).toBe(true)
    expect(budget.take(0, 200)).toBe(false)
    expect(budget.take(0, 100)).toBe(true)
  })
})

describe('SocketBudget', () => {
  it('lets a fast typist through', () => {
    const budget = new SocketBudget(limits, 0)
    let refused = 0
    // 60 messages a second (keystrokes and cursor moves, 200 bytes each) for ten minutes.
    for (let t = 0; t < 600_000; t += 1000 / 60) if (budget.takeFrame(t, 200)) refused++
    expect(refused).toBe(0)
  })

  it('lets a client back from a long offline meeting send its whole sync at once', () => {
    const budget = new SocketBudget(limits, 0)
    expect(budget.takeFrame(0, 1024 * 1024)).toBeNull()
    for (let i = 0; i < 100; i++) expect(budget.takeFrame(1, 20_000)).toBeNull()
  })

  it('stops a socket that sends many large frames within the message rate', () => {
    const budget = new SocketBudget(limits, 0)
    let t = 0
    let overspent = null
    // Ten 72 KB delete sets a second: well inside 200 messages a second.
    for (let i = 0; i < 1000 && !overspent; i++, t += 100) overspent = budget.takeFrame(t, 72_000)
    expect(overspent).toBe('bytes')
  })

  it('allows a few whole syncs, then one every few seconds', () => {
    const budget = new SocketBudget(limits, 0)
    for (let i = 0; i < COSTLY_REQUEST_BURST; i++) expect(budget.takeCostlyRequest(0)).toBe(true)
    expect(budget.takeCostlyRequest(0)).toBe(false)
    expect(budget.takeCostlyRequest(5_000)).toBe(true)
  })
})
