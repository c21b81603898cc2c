import { afterEach, describe, expect, it, vi } from 'vitest'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
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
    const store = new SqliteStore(file)
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
