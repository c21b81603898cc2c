// What a contender keeps on disk: bytes of its files, and for SQLite files the bytes of every BLOB
// column (the stored updates and snapshots themselves), read without knowing the schema — so the
// figure stays right when a contender changes its tables.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'

/**
 * Total size of the files under a path (a file or a directory, recursively).
 * @param {string} path
 * @returns {number}
 */
export function diskBytes(path) {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.size
  let total = 0
  for (const entry of readdirSync(path)) total += diskBytes(join(path, entry))
  return total
}

/**
 * Bytes held in BLOB columns of every table of a SQLite file (the server must be stopped).
 * @param {string} file
 * @returns {number}
 */
export function sqliteBlobBytes(file) {
  return Object.values(sqliteBlobBytesByTable(file)).reduce((sum, bytes) => sum + bytes, 0)
}

/**
 * @param {string} file
 * @returns {Record<string, number>} BLOB bytes per table (tables without any left out)
 */
export function sqliteBlobBytesByTable(file) {
  /** @type {Record<string, number>} */
  const byTable = {}
  if (!existsSync(file)) return byTable
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const tables = /** @type {{ name: string }[]} */ (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all())
    for (const { name } of tables) {
      let total = 0
      const columns = /** @type {{ name: string, type: string }[]} */ (db.prepare(`PRAGMA table_info("${name.replaceAll('"', '""')}")`).all())
      for (const column of columns) {
        if (!/blob/i.test(column.type)) continue
        const row = /** @type {{ bytes: number | null }} */ (
          db.prepare(`SELECT SUM(length("${column.name.replaceAll('"', '""')}")) AS bytes FROM "${name.replaceAll('"', '""')}"`).get()
        )
        total += row.bytes ?? 0
      }
      if (total > 0) byTable[name] = total
    }
    return byTable
  } finally {
    db.close()
  }
}
