// The servers the city-scale tests need besides the relay: PostgreSQL (CARNET_TEST_DATABASE_URL, a
// role that may create databases) and Redis (CARNET_TEST_REDIS_URL for a shared one; the tests
// that stop and restart Redis run their own `redis-server`). `.ci/run` starts both on loopback. In
// CI (CI=true) a missing one fails the test file with a message saying what to set; elsewhere its
// tests are skipped, with one line saying why.
import { execFileSync } from 'node:child_process'

const inCi = process.env.CI === 'true' || process.env.CI === '1'

function missing(what: string, how: string): null {
  const message = `${what} is not available: ${how}`
  if (inCi) throw new Error(`${message} (CI=true: these tests must run in CI, see .ci/run)`)
  console.info(`skipped: ${message}`)
  return null
}

/** The PostgreSQL server's URL, or null (tests skipped) when none is configured. */
export function testDatabaseUrl(): string | null {
  const url = process.env.CARNET_TEST_DATABASE_URL?.trim()
  return url || missing('PostgreSQL', 'set CARNET_TEST_DATABASE_URL=postgres://user:password@127.0.0.1:5432/db (a role that may create databases)')
}

/** A shared Redis server's URL, or null (tests skipped). */
export function testRedisUrl(): string | null {
  const url = process.env.CARNET_TEST_REDIS_URL?.trim()
  return url || missing('Redis', 'set CARNET_TEST_REDIS_URL=redis://127.0.0.1:6379')
}

/** The `redis-server` program, to run a Redis of the test's own, or null (tests skipped). */
export function redisServerBinary(): string | null {
  const given = process.env.CARNET_TEST_REDIS_SERVER?.trim() || 'redis-server'
  try {
    execFileSync(given, ['--version'], { stdio: 'ignore' })
    return given
  } catch {
    return missing('redis-server', `install Redis (apt-get install redis-server) or set CARNET_TEST_REDIS_SERVER`)
  }
}
