// A PostgreSQL database of a test file's own, made on the server named by CARNET_TEST_DATABASE_URL
// and dropped at the end, so test files run side by side without seeing each other's pages.
// Within one, `schemaUrl` gives each test an empty schema of its own, which costs far less.
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
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      } finally {
        await admin.end()
      }
    },
  }
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${database}`
  return url.toString()
}
