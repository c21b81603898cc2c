// The compaction lease against a real Redis (CARNET_TEST_REDIS_URL, started by .ci/run): one
// holder at a time, released only by its holder, and expiring by itself when the holder dies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { CompactionLeases } from './compaction-lease.js'

const url = process.env.CARNET_TEST_REDIS_URL?.trim()
if (!url) {
  if (process.env.CI === 'true') throw new Error('CARNET_TEST_REDIS_URL is not set (CI=true: the compaction lease must be tested in CI, see .ci/run)')
  console.info('skipped: the compaction lease needs Redis (set CARNET_TEST_REDIS_URL=redis://127.0.0.1:6379)')
}

describe.skipIf(!url)('CompactionLeases', () => {
  let redis: Redis
  const prefix = `test-${randomBytes(4).toString('hex')}:`
  beforeAll(async () => {
    redis = new Redis(url!, { lazyConnect: true })
    await redis.connect()
  })
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`)
    if (keys.length > 0) await redis.del(...keys)
    await redis.quit()
  })

  it('lets one holder at a time run, then releases', async () => {
    const leases = new CompactionLeases(redis, prefix)
    let release!: () => void
    const holding = leases.withLease('page', () => new Promise<string>((resolve) => (release = () => resolve('first'))))
    while ((await redis.exists(`${prefix}lease:compact:page`)) === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    expect(await leases.withLease('page', async () => 'second')).toBeNull()
    expect(await leases.withLease('other-page', async () => 'elsewhere')).toBe('elsewhere')
    release()
    expect(await holding).toBe('first')
    expect(await leases.withLease('page', async () => 'third')).toBe('third')
  })

  it('expires when its holder never releases it, and a late holder does not release the next one', async () => {
    const key = `${prefix}lease:compact:stuck`
    // A holder that outlives its 100 ms lease (a long pause)…
    let finishSlow!: () => void
    const slow = new CompactionLeases(redis, prefix, 100).withLease('stuck', () => new Promise<string>((resolve) => (finishSlow = () => resolve('slow'))))
    const deadline = Date.now() + 5_000
    while ((await redis.exists(key)) === 1) {
      if (Date.now() > deadline) throw new Error('the lease never expired')
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    // …so another takes the page (with a lease long enough for this test)…
    let finishNext!: () => void
    const next = new CompactionLeases(redis, prefix).withLease('stuck', () => new Promise<string>((resolve) => (finishNext = () => resolve('next'))))
    while ((await redis.exists(key)) === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    // …and the late holder, finishing, leaves the next holder's lease alone.
    finishSlow()
    expect(await slow).toBe('slow')
    expect(await redis.exists(key)).toBe(1)
    finishNext()
    expect(await next).toBe('next')
    expect(await redis.exists(key)).toBe(0)
  })

  it('gives up, without running, when Redis cannot answer', async () => {
    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null })
    down.on('error', () => {})
    let ran = false
    expect(await new CompactionLeases(down, prefix).withLease('page', async () => (ran = true))).toBeNull()
    expect(ran).toBe(false)
    down.disconnect()
  })
})
