// The storage contract (store-contract.ts) against the embedded SQLite archive.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { SqliteStore } from './sqlite-store.js'
import { SCHEMA_VERSION } from './sqlite-schema.js'
import { describeStoreContract, type ArchiveUnderTest } from './store-contract.js'
import { describeProjectListsContract } from './project-lists-contract.js'

async function openSqlite(): Promise<ArchiveUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'carnet-contract-'))
  const file = join(dir, 'carnet.sqlite')
  const stores: SqliteStore[] = []
  const open = () => {
    const store = new SqliteStore(file)
    stores.push(store)
    return store
  }
  const closeAll = async () => {
    for (const store of stores.splice(0)) await store.close()
  }
  return {
    store: open(),
    another: async () => open(),
    reopen: async () => {
      await closeAll()
      return open()
    },
    markSchemaNewer: async () => {
      await closeAll()
      const db = new Database(file)
      db.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
      db.close()
    },
    close: async () => {
      await closeAll()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

describeStoreContract('SqliteStore', openSqlite, { shared: false, stems: false })
describeProjectListsContract('SqliteStore', openSqlite)
