import { describe, expect, it } from 'vitest'
import { BackgroundWork } from './background-work.js'

describe('BackgroundWork', () => {
  it('runs jobs one at a time, in order, each in its own turn', async () => {
    const work = new BackgroundWork()
    const order: string[] = []
    let running = 0
    let maxRunning = 0
    const job = (name: string) => async () => {
      running++
      maxRunning = Math.max(maxRunning, running)
      order.push(name)
      await Promise.resolve()
      running--
    }
    await Promise.all(['a', 'b', 'c'].map((name) => work.run(job(name))))
    expect(order).toEqual(['a', 'b', 'c'])
    expect(maxRunning).toBe(1)
    expect(work.pending).toBe(0)
  })

  it('keeps going after a job fails', async () => {
    const work = new BackgroundWork()
    const done: string[] = []
    const failing = work.run(async () => {
      throw new Error('boom')
    })
    const after = work.run(async () => {
      done.push('after')
    })
    await expect(failing).rejects.toThrow('boom')
    await after
    expect(done).toEqual(['after'])
  })

  it('settles a job that throws before returning its promise, and keeps going', async () => {
    const work = new BackgroundWork()
    const done: string[] = []
    // Not async: throws synchronously, as a walk that overflows the stack does.
    const failing = work.run((() => {
      throw new RangeError('Maximum call stack size exceeded')
    }) as () => Promise<void>)
    const after = work.run(async () => {
      done.push('after')
    })
    await expect(failing).rejects.toThrow(RangeError)
    await after
    expect(done).toEqual(['after'])
  })
})
