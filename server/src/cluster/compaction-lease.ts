// Who compacts a page when several relay processes hold it: a lease in Redis, `SET key token NX
// PX ttl`. Only the holder's token releases it (compare-and-delete, in one Lua script), and it
// expires by itself, so a process that dies while compacting blocks nobody for longer than the
// ttl. The lease only spares duplicated work: correctness comes from the compaction's own
// transaction (PostgresStore takes the page's advisory lock, and deletes exactly the rows it
// merged), so a holder that outlives its lease — a long pause — still cannot lose a row.
import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'

/** Far longer than a compaction takes (milliseconds to a second or two for a large page). */
export const COMPACTION_LEASE_MS = 30_000

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`

export class CompactionLeases {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs = COMPACTION_LEASE_MS,
  ) {}

  /** Runs `task` holding the page's lease; `null` without running it when the lease is taken or Redis cannot answer. */
  async withLease<T>(pageId: string, task: () => Promise<T>): Promise<T | null> {
    const key = `${this.prefix}lease:compact:${pageId}`
    const token = randomBytes(16).toString('hex')
    let acquired = false
    try {
      acquired = (await this.redis.set(key, token, 'PX', this.ttlMs, 'NX')) === 'OK'
    } catch {
      // Redis unreachable: compaction is an optimisation, it waits for the next occasion.
      return null
    }
    if (!acquired) return null
    try {
      return await task()
    } finally {
      // Released only if still ours; if Redis is gone meanwhile, the lease expires by itself.
      await this.redis.eval(RELEASE, 1, key, token).catch(() => {})
    }
  }
}
