// `carnet migrate --from sqlite:<dir> --to postgres://…` on an archive of 1,000 generated pages
// (written straight through SqliteStore: compacted or not, with versions, claims, closed pages,
// search entries, a page only claimed, a page with only versions). The command must report every
// page verified; the test then checks page by page on its own, through both stores, that the
// document, the metadata, the access and the versions are the same, and that search works on the
// moved archive. Run again, it finds everything already there; a page changed since is reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import * as Y from 'yjs'
import { PostgresStore } from '../../server/src/archive/postgres-store.js'
import { SqliteStore } from '../../server/src/archive/sqlite-store.js'
import type { PageStore } from '../../server/src/archive/store.js'
import { pageIndexEntry } from '../../server/src/archive/page-index-entry.js'
import { SERVER_BUNDLE, tempDataDir } from '../support/relay-process.js'
import { writeMeetingPage } from '../support/meeting-page.js'
import { prng } from '../support/prng.js'
import { freshDatabase, type TestDatabase } from '../support/postgres.js'
import { testDatabaseUrl } from '../support/services.js'

const databaseServer = testDatabaseUrl()
const PAGES = 1_000
const TAGS = ['Vie du quartier', 'Éducation populaire', 'Wiki', 'Numérique', 'Budget participatif']
const PLACES = ['Médiathèque', 'Maison pour tous', 'Espace public numérique', 'Hôtel de ville']

let db: TestDatabase
let dataDir: string
let ids: string[] = []

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SERVER_BUNDLE, ...args], { env: { ...process.env, CARNET_LOG_LEVEL: 'silent' } }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

/** 1,000 pages as a Carnet relay leaves them, in every state a page can be in. */
async function generateArchive(store: SqliteStore): Promise<string[]> {
  const rng = prng(20260312)
  const made: string[] = []
  for (let n = 0; n < PAGES - 2; n++) {
    const pageId = `page-${String(n).padStart(4, '0')}`
    made.push(pageId)
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    writeMeetingPage(doc, {
      title: `Réunion n° ${n} — décisions`,
      date: n % 9 === 0 ? '' : `2025-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`,
      place: rng.pick(PLACES),
      tags: [rng.pick(TAGS), rng.pick(TAGS)],
      createdAt: Date.UTC(2025, 0, 1) + n * 3_600_000,
      writer: `Personne ${n % 17}`,
      paragraphs: [`Ordre du jour de la réunion ${n}.`, 'Les décisions prises ensemble.'],
    })
    const at = Date.UTC(2025, 0, 1) + n * 60_000
    await store.appendUpdates(pageId, updates.splice(0), at)
    for (let edit = 0; edit < rng.int(0, 4); edit++) {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText(`Ajout ${edit} par la personne ${rng.int(1, 30)}`)])
      doc.getXmlFragment('body').insert(rng.int(0, doc.getXmlFragment('body').length), [paragraph])
      await store.appendUpdates(pageId, updates.splice(0), at + edit + 1)
    }
    if (n % 3 === 0) {
      const { lastSeq } = (await store.loadPage(pageId))!
      await store.compact(pageId, { state: Y.encodeStateAsUpdate(doc), throughSeq: lastSeq })
      // And something after the snapshot.
      doc.getXmlFragment('body').delete(0, 1)
      await store.appendUpdates(pageId, updates.splice(0), at + 10)
    }
    if (n % 4 === 0) await store.claimAccess(pageId, { keyHash: (n % 256).toString(16).padStart(2, '0').repeat(32), openToAll: n % 8 === 0, closed: n % 12 === 0 })
    else if (n % 7 === 0) await store.claimAccess(pageId, { keyHash: null, openToAll: true, closed: false })
    if (n % 2 === 0) await store.indexPage(pageId, pageIndexEntry(doc))
    if (n % 5 === 0) {
      await store.saveVersion(pageId, { state: Y.encodeStateAsUpdate(doc), createdAt: at + 100, writers: [`Personne ${n % 17}`] })
      await store.saveVersion(pageId, { state: Y.encodeStateAsUpdate(doc), createdAt: at + 200, writers: [] })
    }
    doc.destroy()
  }
  await store.claimAccess('seulement-reclamee', { keyHash: 'ff'.repeat(32), openToAll: false, closed: false })
  await store.saveVersion('seulement-versions', { state: new Uint8Array([0, 0]), createdAt: 5, writers: ['Anne'] })
  made.push('seulement-reclamee', 'seulement-versions')
  return made.sort()
}

function documentOf(stored: Awaited<ReturnType<PageStore['loadPage']>>): Uint8Array | null {
  if (!stored) return null
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  return Y.encodeStateAsUpdate(doc)
}

describe.skipIf(!databaseServer)('carnet migrate from SQLite to PostgreSQL', () => {
  beforeAll(async () => {
    db = await freshDatabase(databaseServer!, 'migrate')
    dataDir = tempDataDir('carnet-migrate')
    const store = new SqliteStore(join(dataDir, 'carnet.sqlite'))
    const started = performance.now()
    ids = await generateArchive(store)
    await store.close()
    console.info(`migrate: ${ids.length} pages generated in ${Math.round(performance.now() - started)} ms`)
  }, 120_000)

  afterAll(async () => {
    await db?.drop()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('moves 1,000 pages and reports each one verified', async () => {
    const started = performance.now()
    const { code, stdout, stderr } = await run(['migrate', '--from', `sqlite:${dataDir}`, '--to', db.url])
    console.info(`migrate: moved in ${Math.round(performance.now() - started)} ms\n${stdout}`)
    expect(code, stderr).toBe(0)
    expect(stdout).toMatch(new RegExp(`Moved ${PAGES} pages from sqlite:.*carnet\\.sqlite to postgres://[^:]+:\\*\\*\\*@.*: ${PAGES} copied, 0 already there`))
    expect(stdout).toContain(`Verified ${PAGES} of ${PAGES} pages: the same rows and the same document in both archives.`)
    // The password never shows.
    expect(stdout).not.toContain(`:${new URL(db.url).password}@`)
    expect(stderr).toContain(`${PAGES}/${PAGES} pages moved and verified`)
    // What the archive weighs on each side (for the costs in docs/deploying.md).
    const [size] = await db.query<{ bytes: number }>(
      `SELECT sum(pg_total_relation_size(c.oid))::float8 AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND c.relkind = 'r'`,
    )
    console.info(`migrate: SQLite file ${statSync(join(dataDir, 'carnet.sqlite')).size} bytes; PostgreSQL tables with their indexes ${size!.bytes} bytes`)
  }, 120_000)

  it('holds, page by page, the same document, metadata, access and versions', async () => {
    const source = new SqliteStore(join(dataDir, 'carnet.sqlite'))
    const target = await PostgresStore.open(db.url, { poolSize: 4 })
    try {
      expect(await target.listPageIds()).toEqual(ids)
      for (const pageId of ids) {
        const [from, to] = [source, target] as PageStore[]
        expect(documentOf(await to!.loadPage(pageId)), pageId).toEqual(documentOf(await from!.loadPage(pageId)))
        expect(await to!.getPage(pageId), pageId).toEqual(await from!.getPage(pageId))
        expect(await to!.getAccess(pageId), pageId).toEqual(await from!.getAccess(pageId))
        const versions = await from!.listVersions(pageId)
        expect(await to!.listVersions(pageId), pageId).toEqual(versions)
        for (const version of versions) expect(await to!.loadVersion(pageId, version.id)).toEqual(await from!.loadVersion(pageId, version.id))
      }
      // The moved archive is searched and filtered as the old one was.
      for (const query of [{ text: 'decision' }, { tag: 'éducation populaire' }, { from: '2025-03-01', to: '2025-03-31' }, { text: 'mediatheque', limit: 1000 }]) {
        const [expected, got] = await Promise.all([source.listPages({ limit: 1000, ...query }), target.listPages({ limit: 1000, ...query })])
        expect(got.map((page) => page.id), JSON.stringify(query)).toEqual(expected.map((page) => page.id))
        expect(got.length).toBeGreaterThan(0)
      }
    } finally {
      await source.close()
      await target.close()
    }
  }, 120_000)

  it('finds everything already there when run again, and reports a page that differs', async () => {
    const again = await run(['migrate', '--from', `sqlite:${dataDir}`, '--to', db.url])
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toContain(`0 copied, ${PAGES} already there`)
    await db.query('UPDATE page_access SET closed = NOT closed WHERE page_id = $1', ['page-0004'])
    const changed = await run(['migrate', '--from', `sqlite:${dataDir}`, '--to', db.url])
    expect(changed.code).toBe(1)
    expect(changed.stdout).toContain(`Verified ${PAGES - 1} of ${PAGES} pages; 1 differ:`)
    expect(changed.stdout).toContain('page-0004: already in the target with other content (access)')
  }, 120_000)

  it('refuses what it cannot do, with a clear message', async () => {
    const missing = await run(['migrate', '--from', `sqlite:${join(dataDir, 'nowhere')}`, '--to', db.url])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/no SQLite archive at .*nowhere/)
    const bad = await run(['migrate', '--from', 'mysql://db', '--to', db.url])
    expect(bad.stderr).toMatch(/--from mysql:\/\/db: expected sqlite:<data directory> or postgres:\/\//)
    const usage = await run(['migrate', '--from', `sqlite:${dataDir}`])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('migrate needs --to <archive>')
  })
})
