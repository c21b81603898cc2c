import { afterEach, describe, expect, it, vi } from 'vitest'
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import { SqliteStore } from './sqlite-store.js'
import { SchemaTooNewError, SCHEMA_VERSION } from './sqlite-schema.js'
import { EMPTY_META } from '@carnet/core'

const dirs: string[] = []
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'carnet-store-'))
  dirs.push(dir)
  return join(dir, 'carnet.sqlite')
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function textUpdates(count: number): { updates: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  for (let i = 0; i < count; i++) doc.getText('t').insert(doc.getText('t').length, `${i};`)
  return { updates, doc }
}

function rebuild(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): string {
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const u of stored.updates) Y.applyUpdate(doc, u)
  return doc.getText('t').toString()
}

describe('SqliteStore', () => {
  it('knows nothing of a page never written', async () => {
    const store = new SqliteStore(tempFile())
    expect(await store.loadPage('nothing-here')).toBeNull()
    expect(await store.getPage('nothing-here')).toBeNull()
    await store.close()
  })

  it('appends updates and reads them back in order, surviving a reopen', async () => {
    const file = tempFile()
    const { updates, doc } = textUpdates(20)
    const store = new SqliteStore(file)
    let seq = 0
    for (const u of updates) seq = await store.appendUpdates('page-a', [u], 1000)
    await store.close()
    const reopened = new SqliteStore(file)
    const stored = await reopened.loadPage('page-a')
    expect(stored!.updates).toHaveLength(20)
    expect(stored!.lastSeq).toBe(seq)
    expect(rebuild(stored!)).toBe(doc.getText('t').toString())
    await reopened.close()
  })

  it('compacts a log into a snapshot without losing later updates', async () => {
    const store = new SqliteStore(tempFile())
    const { updates, doc } = textUpdates(30)
    const first = new Y.Doc()
    let seq = 0
    for (const u of updates.slice(0, 20)) {
      seq = await store.appendUpdates('page-b', [u], 1)
      Y.applyUpdate(first, u)
    }
    // Updates appended after the state was taken stay in the log.
    const state = Y.encodeStateAsUpdate(first)
    for (const u of updates.slice(20)) await store.appendUpdates('page-b', [u], 2)
    await store.compact('page-b', { state, throughSeq: seq })
    const stored = await store.loadPage('page-b')
    expect(stored!.snapshot).not.toBeNull()
    expect(stored!.updates).toHaveLength(10)
    expect(rebuild(stored!)).toBe(doc.getText('t').toString())
    await store.close()
  })

  it('never reuses a sequence number after compaction deleted the largest ones', async () => {
    const store = new SqliteStore(tempFile())
    const { updates } = textUpdates(3)
    const seq1 = await store.appendUpdates('page-c', [updates[0]!], 1)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, updates[0]!)
    await store.compact('page-c', { state: Y.encodeStateAsUpdate(doc), throughSeq: seq1 })
    const seq2 = await store.appendUpdates('page-c', [updates[1]!], 2)
    expect(seq2).toBeGreaterThan(seq1)
    expect((await store.loadPage('page-c'))!.updates).toHaveLength(1)
    await store.close()
  })

  it('keeps pages apart and lists them by last change', async () => {
    const store = new SqliteStore(tempFile())
    const { updates } = textUpdates(2)
    await store.appendUpdates('page-old', [updates[0]!], 1000)
    await store.appendUpdates('page-new', [updates[1]!], 2000)
    await store.saveMeta('page-new', { ...EMPTY_META, tags: [], title: 'Récente' })
    const list = await store.listPages()
    expect(list.map((p) => p.id)).toEqual(['page-new', 'page-old'])
    expect(list[0]!.meta.title).toBe('Récente')
    expect(list[0]!.updatedAt).toBe(2000)
    expect((await store.loadPage('page-old'))!.updates).toHaveLength(1)
    await store.close()
  })

  it('writes a batch atomically', async () => {
    const store = new SqliteStore(tempFile())
    const { updates } = textUpdates(5)
    const last = await store.appendUpdates('page-d', updates, 1)
    const stored = await store.loadPage('page-d')
    expect(stored!.updates).toHaveLength(5)
    expect(stored!.lastSeq).toBe(last)
    await store.close()
  })

  it('refuses an archive written by a newer Carnet', async () => {
    const file = tempFile()
    new SqliteStore(file).close()
    const db = new Database(file)
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    db.close()
    expect(() => new SqliteStore(file)).toThrow(SchemaTooNewError)
  })

  it('uses WAL', async () => {
    const store = new SqliteStore(tempFile())
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1) // NORMAL
    await store.close()
    const full = new SqliteStore(tempFile(), { synchronous: 'full' })
    expect(full.db.pragma('synchronous', { simple: true })).toBe(2)
    await full.close()
  })

  it('copies its log into the file from another thread, never inside a commit', async () => {
    const file = tempFile()
    const store = new SqliteStore(file, { checkpointsInWorker: true })
    // The relay's own connection never checkpoints (SQLite's default is every 1,000 pages).
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
    const before = statSync(file).size
    const { updates } = textUpdates(2000)
    for (let i = 0; i < updates.length; i += 10) await store.appendUpdates('page-wal', updates.slice(i, i + 10), i)
    // Written to the log only: the file itself grows when the worker copies the log into it.
    await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(before), { timeout: 10_000, interval: 50 })
    expect(rebuild((await store.loadPage('page-wal'))!)).toBe(rebuild({ snapshot: null, updates }))
    await store.close()
    // The last connection out copied everything and removed the log.
    expect(existsSync(`${file}-wal`)).toBe(false)
    const reopened = new SqliteStore(file)
    expect((await reopened.loadPage('page-wal'))!.updates).toHaveLength(2000)
    await reopened.close()
  })

  it('touches a busy page’s row at most once a second, and reads always see its last write', async () => {
    const store = new SqliteStore(tempFile())
    const { updates } = textUpdates(4)
    await store.appendUpdates('page-busy', [updates[0]!], 10_000)
    await store.appendUpdates('page-busy', [updates[1]!], 10_400)
    const row = () => store.db.prepare('SELECT updated_at FROM pages WHERE id = ?').pluck().get('page-busy')
    // Not written yet: the row keeps the first touch…
    expect(row()).toBe(10_000)
    // …but whoever reads through the store sees the last write.
    expect((await store.getPage('page-busy'))!.updatedAt).toBe(10_400)
    expect(row()).toBe(10_400)
    await store.appendUpdates('page-busy', [updates[2]!], 10_900)
    expect((await store.listPages())[0]).toMatchObject({ id: 'page-busy', updatedAt: 10_900 })
    // A second later, the commit touches the row again itself.
    await store.appendUpdates('page-busy', [updates[3]!], 12_000)
    expect(row()).toBe(12_000)
    // Closing writes what is late.
    await store.appendUpdates('page-busy', [updates[0]!], 12_500)
    await store.close()
    const reopened = new SqliteStore(store.file)
    expect((await reopened.getPage('page-busy'))!.updatedAt).toBe(12_500)
    await reopened.close()
  })
})

describe('SqliteStore: large photos', () => {
  const big = (bytes: number) => ({ sha256: 'b'.repeat(64), type: 'image/jpeg', data: new Uint8Array(bytes).map((_, i) => (i * 31) % 256) })

  it('writes a large photo a piece per turn of the event loop, so the sockets are served meanwhile', async () => {
    const store = new SqliteStore(tempFile(), { photosInDirectory: false })
    const photo = big(2 * 1024 * 1024)
    let turns = 0
    let counting = true
    const count = (): void => {
      turns++
      if (counting) setImmediate(count)
    }
    setImmediate(count)
    await store.addPageFile('atelier', photo, 1000)
    counting = false
    // 32 pieces of 64 KiB: at least 31 turns between them (one statement of 2 MB gave none).
    expect(turns).toBeGreaterThanOrEqual(31)
    turns = 0
    counting = true
    setImmediate(count)
    const back = await store.getPageFile('atelier', photo.sha256)
    counting = false
    expect(turns).toBeGreaterThanOrEqual(31)
    // Compared as bytes: a deep equality of 2 million elements takes the test's whole time.
    expect(Buffer.compare(Buffer.from(back!.data), Buffer.from(photo.data))).toBe(0)
    await store.close()
  })

  it('names a photo only once all its pieces are written; pieces nobody names go with the sweep once old', async () => {
    const file = tempFile()
    const store = new SqliteStore(file, { photosInDirectory: false })
    const photo = big(200 * 1024)
    // A torn upload (the process killed between two pieces): pieces, no row naming them.
    const other = new Database(file)
    other.prepare('INSERT INTO file_chunks (sha256, n, data, created_at) VALUES (?, 0, ?, ?)').run('d'.repeat(64), Buffer.alloc(65536), 0)
    other.prepare('INSERT INTO file_chunks (sha256, n, data, created_at) VALUES (?, 0, ?, ?)').run('e'.repeat(64), Buffer.alloc(65536), Date.now())
    other.prepare('INSERT INTO page_files (page_id, sha256, added_at) VALUES (?, ?, ?)').run('atelier', 'd'.repeat(64), 0)
    expect(await store.getPageFile('atelier', 'd'.repeat(64))).toBeNull()
    await store.addPageFile('atelier', photo, 1000)
    const chunks = () => other.prepare('SELECT sha256, count(*) AS n FROM file_chunks GROUP BY sha256 ORDER BY sha256').all()
    expect(chunks()).toEqual([{ sha256: 'b'.repeat(64), n: 4 }, { sha256: 'd'.repeat(64), n: 1 }, { sha256: 'e'.repeat(64), n: 1 }])
    expect(other.prepare('SELECT length(data) AS inline, chunks FROM files').get()).toEqual({ inline: 0, chunks: 4 })
    // The old torn pieces go; the recent ones may be an upload under way; the photo's stay.
    await store.removeOrphanFiles()
    expect(chunks()).toEqual([{ sha256: 'b'.repeat(64), n: 4 }, { sha256: 'e'.repeat(64), n: 1 }])
    await store.removePage('atelier')
    expect(await store.removeOrphanFiles()).toBe(1)
    other.close()
    await store.close()
  })

  it('keeps a large photo in a file of its own beside the archive, named by the row written after it', async () => {
    const file = tempFile()
    const store = new SqliteStore(file)
    const photo = big(2 * 1024 * 1024)
    const small = { sha256: 'c'.repeat(64), type: 'image/png', data: new Uint8Array([1, 2, 3]) }
    expect(await store.addPageFile('atelier', photo, 1000)).toBe('created')
    expect(await store.addPageFile('atelier', small, 1000)).toBe('created')
    const onDisk = join(`${file}-photos`, 'bb', 'b'.repeat(64))
    expect(statSync(onDisk).size).toBe(photo.data.length)
    const rows = store.db.prepare('SELECT sha256, length(data) AS inline, chunks, in_directory FROM files ORDER BY sha256').all()
    expect(rows).toEqual([
      { sha256: 'b'.repeat(64), inline: 0, chunks: 0, in_directory: 1 },
      { sha256: 'c'.repeat(64), inline: 3, chunks: 0, in_directory: 0 },
    ])
    expect(store.db.prepare('SELECT count(*) FROM file_chunks').pluck().get()).toBe(0)
    const back = await store.getPageFile('atelier', photo.sha256)
    expect(Buffer.compare(Buffer.from(back!.data), Buffer.from(photo.data))).toBe(0)
    // The same photo on another page: linked, not written again.
    expect(await store.addPageFile('forum', photo, 2000)).toBe('created')
    const dump = await store.dumpPage('atelier')
    expect(dump!.files.map((f) => [f.sha256, f.data.length])).toEqual([
      ['b'.repeat(64), photo.data.length],
      ['c'.repeat(64), 3],
    ])
    // A file cut short (a disk that lied) is not served as the photo.
    writeFileSync(onDisk, Buffer.alloc(10))
    expect(await store.getPageFile('atelier', photo.sha256)).toBeNull()
    await store.close()
  })

  it('puts the photos of the directory inside a backup, which restores them without it', async () => {
    const file = tempFile()
    const store = new SqliteStore(file)
    const photo = big(300 * 1024)
    await store.addPageFile('atelier', photo, 1000)
    const backup = join(mkdtempSync(join(tmpdir(), 'carnet-backup-')), 'copy.sqlite')
    await store.backupTo(backup)
    await store.close()
    const copy = new Database(backup, { readonly: true })
    expect(copy.prepare('SELECT chunks, in_directory FROM files').get()).toEqual({ chunks: 5, in_directory: 0 })
    copy.close()
    // Restored on another server, with no photo directory at all.
    const elsewhere = new SqliteStore(tempFile())
    await elsewhere.restoreFrom(backup)
    const back = await elsewhere.getPageFile('atelier', photo.sha256)
    expect(Buffer.compare(Buffer.from(back!.data), Buffer.from(photo.data))).toBe(0)
    await elsewhere.close()
  })

  it('removes the files no row names and the torn writes once old; keeps the named and the recent', async () => {
    const file = tempFile()
    const store = new SqliteStore(file)
    const photo = big(100 * 1024)
    await store.addPageFile('atelier', photo, 1000)
    const folder = join(`${file}-photos`, 'dd')
    mkdirSync(folder, { recursive: true })
    const old = new Date(Date.now() - 2 * 3_600_000)
    const torn = join(folder, `${'d'.repeat(64)}.0a0b0c.part`)
    const unnamed = join(folder, 'd'.repeat(64))
    const recent = join(folder, `${'d'.repeat(60)}beef`)
    for (const path of [torn, unnamed, recent]) writeFileSync(path, Buffer.alloc(70_000))
    utimesSync(torn, old, old)
    utimesSync(unnamed, old, old)
    // Also the photo's own file is old: named, it stays.
    utimesSync(join(`${file}-photos`, 'bb', 'b'.repeat(64)), old, old)
    await store.removeOrphanFiles()
    expect([existsSync(torn), existsSync(unnamed), existsSync(recent)]).toEqual([false, false, true])
    expect(await store.getPageFile('atelier', photo.sha256)).not.toBeNull()
    // Once no page uses it, its row goes, then its file.
    await store.removePage('atelier')
    expect(await store.removeOrphanFiles()).toBe(1)
    expect(existsSync(join(`${file}-photos`, 'bb', 'b'.repeat(64)))).toBe(false)
    await store.close()
  })
})
