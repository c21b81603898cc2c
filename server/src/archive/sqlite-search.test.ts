// The SQLite store's search: full text without accents, tags, date ranges, and the upgrade of an
// archive written before search existed.
import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import { EMPTY_META, type PageMeta } from '@carnet/core'
import { SqliteStore } from './sqlite-store.js'
import { migrate } from './sqlite-schema.js'

const dirs: string[] = []
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'carnet-search-'))
  dirs.push(dir)
  return join(dir, 'carnet.sqlite')
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const anUpdate = (() => {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, 'x')
  return Y.encodeStateAsUpdate(doc)
})()

function meta(patch: Partial<PageMeta>): PageMeta {
  return { ...EMPTY_META, tags: [], ...patch }
}

async function addPage(store: SqliteStore, id: string, at: number, patch: Partial<PageMeta>, text = '', writers = 1): Promise<void> {
  await store.appendUpdates(id, [anUpdate], at)
  await store.indexPage(id, { meta: meta(patch), text, writers })
}

async function ids(store: SqliteStore, query: Parameters<SqliteStore['listPages']>[0]): Promise<string[]> {
  return (await store.listPages(query)).map((page) => page.id)
}

async function meetings(): Promise<SqliteStore> {
  const store = new SqliteStore(tempFile())
  await addPage(store, 'conseil', 3000, { title: 'Conseil de quartier', date: '2026-03-12', place: 'Maison pour tous', tags: ['Vie du quartier'] }, 'Les décisions du conseil.\nBudget voté.', 3)
  await addPage(store, 'atelier', 2000, { title: 'Atelier wiki', date: '2026-02-01', place: 'Médiathèque', tags: ['Éducation populaire', 'Wiki'] }, 'On a décidé d’écrire ensemble.')
  await addPage(store, 'forum', 1000, { title: 'Forum des usages coopératifs', date: '', createdAt: Date.UTC(2025, 10, 27, 10), tags: ['Wiki'] }, 'Décision : une page par atelier.')
  return store
}

describe('SqliteStore search', () => {
  it('finds words whatever their accents and case, and word starts (plurals)', async () => {
    const store = await meetings()
    expect(await ids(store, { text: 'decision' })).toEqual(['conseil', 'forum'])
    expect(await ids(store, { text: 'DÉCISIONS' })).toEqual(['conseil'])
    expect(await ids(store, { text: 'decid' })).toEqual(['atelier'])
    expect(await ids(store, { text: 'budget conseil' })).toEqual(['conseil'])
    expect(await ids(store, { text: 'budget wiki' })).toEqual([])
    await store.close()
  })

  it('searches the title, the place and the tags as well as the body', async () => {
    const store = await meetings()
    expect(await ids(store, { text: 'cooperatifs' })).toEqual(['forum'])
    expect(await ids(store, { text: 'mediatheque' })).toEqual(['atelier'])
    expect(await ids(store, { text: 'education' })).toEqual(['atelier'])
    await store.close()
  })

  it('treats query syntax as plain words: nothing fails, nothing changes meaning', async () => {
    const store = await meetings()
    for (const text of ['"', 'AND(', 'OR', 'NOT budget', 'title:conseil', 'NEAR(a b)', '*', '^', '\\', "'", '\uD800', '( )']) {
      await expect(store.listPages({ text }), text).resolves.toBeInstanceOf(Array)
    }
    // Words of query syntax are words: "NOT budget" wants both.
    expect(await ids(store, { text: 'NOT budget' })).toEqual([])
    // Typed text without any word is no filter at all.
    expect(await ids(store, { text: '" * ( )' })).toEqual(['conseil', 'atelier', 'forum'])
    await store.close()
  })

  it('filters by tag, with case and accents ignored', async () => {
    const store = await meetings()
    expect(await ids(store, { tag: 'Wiki' })).toEqual(['atelier', 'forum'])
    expect(await ids(store, { tag: 'education POPULAIRE' })).toEqual(['atelier'])
    expect(await ids(store, { tag: 'Educ' })).toEqual([])
    expect(await ids(store, { tag: 'wiki', text: 'decision' })).toEqual(['forum'])
    await store.close()
  })

  it('filters by meeting date, falling back to the creation day', async () => {
    const store = await meetings()
    expect(await ids(store, { from: '2026-01-01' })).toEqual(['conseil', 'atelier'])
    expect(await ids(store, { to: '2026-02-01' })).toEqual(['atelier', 'forum'])
    expect(await ids(store, { from: '2026-02-01', to: '2026-02-01' })).toEqual(['atelier'])
    expect(await ids(store, { from: '2025-11-27', to: '2025-11-27' })).toEqual(['forum'])
    // No meeting date and no browser creation time: the day the archive first stored it.
    await store.appendUpdates('stock', [anUpdate], Date.UTC(2024, 5, 1, 12))
    expect(await ids(store, { from: '2024-06-01', to: '2024-06-01' })).toEqual(['stock'])
    await store.close()
  })

  it('keeps the index in step with changes, and counts writers', async () => {
    const store = await meetings()
    await store.indexPage('conseil', { meta: meta({ title: 'Conseil de quartier', tags: ['Budget'] }), text: 'Tout a changé.', writers: 4 })
    expect(await ids(store, { text: 'decisions' })).toEqual([])
    expect(await ids(store, { text: 'change' })).toEqual(['conseil'])
    expect(await ids(store, { tag: 'vie du quartier' })).toEqual([])
    expect(await ids(store, { tag: 'budget' })).toEqual(['conseil'])
    expect((await store.getPage('conseil'))!.writers).toBe(4)
    // saveMeta (on every title change) refreshes the tags and day filters without touching the text.
    await store.saveMeta('conseil', meta({ title: 'Conseil', tags: ['Quartier'], date: '2020-01-01' }))
    expect(await ids(store, { tag: 'quartier' })).toEqual(['conseil'])
    expect(await ids(store, { to: '2020-12-31' })).toEqual(['conseil'])
    expect(await ids(store, { text: 'change' })).toEqual(['conseil'])
    await store.close()
  })

  it('indexes nothing for a page never written', async () => {
    const store = new SqliteStore(tempFile())
    await store.indexPage('ghost', { meta: meta({ title: 'Fantôme' }), text: 'rien', writers: 1 })
    expect(await store.getPage('ghost')).toBeNull()
    expect(await ids(store, { text: 'fantome' })).toEqual([])
    await store.close()
  })

  it('pages with limit and offset, most recent first', async () => {
    const store = await meetings()
    expect(await ids(store, { limit: 2 })).toEqual(['conseil', 'atelier'])
    expect(await ids(store, { limit: 2, offset: 2 })).toEqual(['forum'])
    await store.close()
  })

  it('files and finds the pages of an archive written before search existed', async () => {
    const file = tempFile()
    const db = new Database(file)
    migrate(db, 2)
    db.prepare('INSERT INTO pages (id, title, meta, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(
      'ancienne',
      'Réunion',
      JSON.stringify(meta({ title: 'Réunion publique', place: 'Salle des fêtes', tags: ['Éducation'], date: '2019-05-04' })),
      1,
      2,
    )
    db.prepare('INSERT INTO pages (id, title, meta, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run('abimee', '', 'pas du JSON', 1, 1)
    db.close()

    const store = new SqliteStore(file)
    expect(await ids(store, { text: 'reunion' })).toEqual(['ancienne'])
    expect(await ids(store, { text: 'fetes' })).toEqual(['ancienne'])
    expect(await ids(store, { tag: 'education' })).toEqual(['ancienne'])
    expect(await ids(store, { from: '2019-05-04', to: '2019-05-04' })).toEqual(['ancienne'])
    expect(await ids(store, {})).toEqual(['ancienne', 'abimee'])
    await store.close()
  })
})
