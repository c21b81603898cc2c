import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
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
})
