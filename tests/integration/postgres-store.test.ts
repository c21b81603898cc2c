// The storage contract (server/src/archive/store-contract.ts) against PostgreSQL: one database for
// this file, an empty schema for each test. Also what only PostgreSQL has: migrations run by
// several processes at once, the search vector's accents and stems, and `carnet backup` and
// `carnet restore` handing over to pg_dump and pg_restore.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { PostgresStore } from '../../server/src/archive/postgres-store.js'
import { PG_SCHEMA_VERSION } from '../../server/src/archive/postgres-schema.js'
import { describeStoreContract, type ArchiveUnderTest } from '../../server/src/archive/store-contract.js'
import { describeProjectListsContract } from '../../server/src/archive/project-lists-contract.js'
import { freshDatabase, type TestDatabase } from '../support/postgres.js'
import { testDatabaseUrl } from '../support/services.js'
import { SERVER_BUNDLE, tempDataDir } from '../support/relay-process.js'

const serverUrl = testDatabaseUrl()
let db: TestDatabase

async function openPostgres(): Promise<ArchiveUnderTest> {
  const url = await db.schemaUrl()
  const schema = new URL(url).searchParams.get('options')!.split('=')[1]!
  const stores: PostgresStore[] = []
  const open = async () => {
    const store = await PostgresStore.open(url, { poolSize: 4 })
    stores.push(store)
    return store
  }
  const closeAll = async () => {
    for (const store of stores.splice(0)) await store.close()
  }
  return {
    store: await open(),
    another: open,
    reopen: async () => {
      await closeAll()
      return open()
    },
    markSchemaNewer: async () => {
      await db.query(`INSERT INTO ${schema}.carnet_schema (version) VALUES ($1)`, [PG_SCHEMA_VERSION + 1])
    },
    close: closeAll,
  }
}

describe.skipIf(!serverUrl)('PostgreSQL archive', () => {
  beforeAll(async () => {
    db = await freshDatabase(serverUrl!, 'store')
  })
  afterAll(async () => {
    await db?.drop()
  })

  describeStoreContract('PostgresStore', openPostgres, { shared: true, stems: true })
  describeProjectListsContract('PostgresStore', openPostgres)

  it('migrates once when several processes start at the same moment', async () => {
    const url = await db.schemaUrl()
    const stores = await Promise.all(Array.from({ length: 5 }, () => PostgresStore.open(url, { poolSize: 1 })))
    const schema = new URL(url).searchParams.get('options')!.split('=')[1]!
    const rows = await db.query<{ version: number }>(`SELECT version FROM ${schema}.carnet_schema ORDER BY version`)
    expect(rows.map((row) => row.version)).toEqual(Array.from({ length: PG_SCHEMA_VERSION }, (_, i) => i + 1))
    await Promise.all(stores.map((store) => store.close()))
  })

  it('searches through unaccent and the French stemmer, both ways', async () => {
    const url = await db.schemaUrl()
    const store = await PostgresStore.open(url, { poolSize: 2 })
    const meta = { title: 'Assemblée', template: '', date: '', place: 'Hôtel de ville', tags: ['Élections'], licence: 'CC-BY-SA-4.0', closed: false, createdAt: 0 } as const
    await store.appendUpdates('ag', [new Uint8Array([0, 0])], 1)
    await store.indexPage('ag', { meta: { ...meta, tags: [...meta.tags] }, text: 'Les élus ont voté les budgets participatifs.', writers: 1 })
    const found = async (text: string) => (await store.listPages({ text })).map((page) => page.id)
    expect(await found('assemblee')).toEqual(['ag'])
    expect(await found('HOTEL')).toEqual(['ag'])
    expect(await found('elections')).toEqual(['ag'])
    expect(await found('election')).toEqual(['ag'])
    expect(await found('budget participatif')).toEqual(['ag'])
    expect(await found('votes')).toEqual(['ag'])
    expect(await found('élu')).toEqual(['ag'])
    expect(await found('mairie')).toEqual([])
    await store.close()
  })

  it('backs up with pg_dump, and explains pg_restore instead of restoring under running relays', async () => {
    const url = await db.schemaUrl()
    const store = await PostgresStore.open(url, { poolSize: 1 })
    await store.appendUpdates('sauvegardee', [new Uint8Array([0, 0])], 1)
    await store.close()
    const dir = tempDataDir('carnet-pgdump')
    const carnet = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(process.execPath, [SERVER_BUNDLE, ...args], { env: { ...process.env, CARNET_DATABASE_URL: url, CARNET_DATA_DIR: dir } }, (error, stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        ),
      )
    try {
      const file = join(dir, 'carnet.dump')
      const backup = await carnet(['backup', file])
      expect(backup.code, backup.stderr).toBe(0)
      expect(backup.stdout).toContain('pg_dump, custom format')
      expect(readFileSync(file).subarray(0, 5).toString()).toBe('PGDMP')
      const restore = await carnet(['restore', file])
      expect(restore.code).toBe(1)
      expect(restore.stderr).toMatch(/stop every Carnet relay process[\s\S]*pg_restore --clean/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
