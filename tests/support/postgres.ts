// A PostgreSQL database of a test file's own, made on the server named by CARNET_TEST_DATABASE_URL
// and dropped at the end, so test files run side by side without seeing each other's pages.
// Within one, `schemaUrl` gives each test an empty schema of its own, which costs far less.
// The test role need not be a superuser (CI's is not), which `drop()` has to live with.
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'

// node-postgres is the server's dependency: the tests use that very copy, through the little of
// its API they need.
interface PgClient {
  connect(): Promise<void>
  query(text: string, values?: unknown[]): Promise<{ rows: any[] }>
  end(): Promise<void>
}
const pg = createRequire(new URL('../../server/package.json', import.meta.url))('pg') as {
  Client: new (config: { connectionString: string }) => PgClient
}

export interface TestDatabase {
  /** URL of the new database. */
  url: string
  name: string
  /** URL of a new empty schema in it (tables land there through `search_path`). */
  schemaUrl(): Promise<string>
  /** Runs one statement on the test database (checks of what is stored). */
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>
  drop(): Promise<void>
}

export async function freshDatabase(serverUrl: string, label: string): Promise<TestDatabase> {
  const name = `carnet_${label.replace(/[^a-z0-9]/g, '_')}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const url = withDatabase(serverUrl, name)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  let schemas = 0
  return {
    url,
    name,
    async schemaUrl() {
      const schema = `t${++schemas}`
      await client.query(`CREATE SCHEMA ${schema}`)
      // Percent-encoded (not "+" for spaces), so libpq tools (pg_dump) read it as node-postgres does.
      return `${url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`
    },
    async query<R>(text: string, values: unknown[] = []) {
      return (await client.query(text, values)).rows as R[]
    },
    async drop() {
      await client.end()
      const admin = new pg.Client({ connectionString: serverUrl })
      await admin.connect()
      try {
        await dropDatabase(admin, name)
      } finally {
        await admin.end()
      }
    },
  }
}

/** SQLSTATE of "must be a member of the role whose process is being terminated". */
const INSUFFICIENT_PRIVILEGE = '42501'
const DROP_WAIT_MS = 30_000
const DROP_POLL_MS = 100

/**
 * `WITH (FORCE)` ends the sessions left on the database (a relay killed mid-test, a pool not yet
 * closed), but only those a non-superuser may signal: a backend of another role — an autovacuum
 * worker, which PostgreSQL starts on a fresh database whenever it likes — makes it fail with 42501.
 * Such a backend ends by itself within moments: wait until pg_stat_activity shows none left on the
 * database, then try again, for a bounded time.
 */
async function dropDatabase(admin: PgClient, name: string): Promise<void> {
  const deadline = Date.now() + DROP_WAIT_MS
  for (;;) {
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      return
    } catch (error) {
      if ((error as { code?: string }).code !== INSUFFICIENT_PRIVILEGE) throw error
      await untilNoForeignBackend(admin, name, deadline, error as Error)
    }
  }
}

/** Polls pg_stat_activity (nothing announces a backend's end) until only the test role's remain. */
async function untilNoForeignBackend(admin: PgClient, name: string, deadline: number, cause: Error): Promise<void> {
  for (;;) {
    const { rows } = await admin.query(
      `SELECT pid, backend_type FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid() AND usename IS DISTINCT FROM current_user`,
      [name],
    )
    if (rows.length === 0) return
    if (Date.now() > deadline) {
      const who = rows.map((row) => `${row.pid} (${row.backend_type})`).join(', ')
      throw new Error(`could not drop ${name} within ${DROP_WAIT_MS} ms: backends of another role still on it: ${who}`, { cause })
    }
    await new Promise((resolve) => setTimeout(resolve, DROP_POLL_MS))
  }
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${database}`
  return url.toString()
}
