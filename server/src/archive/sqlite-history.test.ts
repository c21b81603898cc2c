// The SQLite store's page history: versions are added, listed newest first, read back, and never
// touched by compaction.
import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { SqliteStore } from './sqlite-store.js'

const dirs: string[] = []
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'carnet-history-'))
  dirs.push(dir)
  return join(dir, 'carnet.sqlite')
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function stateWith(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return Y.encodeStateAsUpdate(doc)
}

describe('SqliteStore history', () => {
  // Adding and listing versions is the storage contract's (store-contract.ts, run on SQLite too).
  it('reads a version back, only under its own page', async () => {
    const store = new SqliteStore(tempFile())
    const id = await store.saveVersion('page-a', { state: stateWith('un'), createdAt: 1000, writers: ['Anne'] })
    const version = await store.loadVersion('page-a', id)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, version!.state)
    expect(doc.getText('t').toString()).toBe('un')
    expect(version).toMatchObject({ id, createdAt: 1000, writers: ['Anne'] })
    expect(await store.loadVersion('page-b', id)).toBeNull()
    expect(await store.loadVersion('page-a', id + 1)).toBeNull()
    await store.close()
  })

  it('keeps every version through compaction and a reopen', async () => {
    const file = tempFile()
    const store = new SqliteStore(file)
    const doc = new Y.Doc()
    doc.getText('t').insert(0, 'texte')
    const seq = await store.appendUpdates('page-a', [Y.encodeStateAsUpdate(doc)], 1)
    await store.saveVersion('page-a', { state: Y.encodeStateAsUpdate(doc), createdAt: 1, writers: [] })
    await store.compact('page-a', { state: Y.encodeStateAsUpdate(doc), throughSeq: seq })
    await store.close()
    const reopened = new SqliteStore(file)
    expect(await reopened.listVersions('page-a')).toHaveLength(1)
    await reopened.close()
  })
})
