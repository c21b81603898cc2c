// The storage contract as tests, run against every `PageStore`: SQLite in the unit tests
// (sqlite-contract.test.ts), PostgreSQL in the integration tests (tests/integration/
// postgres-store.test.ts). What the relay and the API rely on holds for both: the log and its
// compaction (also with appends and a second compactor racing it, as several processes would),
// first-come claims, metadata, search and its ranking, tags, dates, versions, the page dumps
// `carnet migrate` moves, and the refusal of an archive written by a newer Carnet.
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { EMPTY_META, findTemplate, pageBody, writePageMeta, type PageMeta } from '@carnet/core'
import { jsonToFragment } from '@carnet/core/to-ydoc'
import type { PageStore } from './store.js'
import { pageIndexEntry } from './page-index-entry.js'
import type { PageDumps } from './page-dump.js'

export type ArchiveStore = PageStore & PageDumps

/** One empty archive for one test. */
export interface ArchiveUnderTest {
  store: ArchiveStore
  /** Another connection to the same archive, as another relay process has. */
  another(): Promise<ArchiveStore>
  /** Closes every store opened on the archive, then opens it again. */
  reopen(): Promise<ArchiveStore>
  /** Marks the archive as written by a newer Carnet (a schema version past this one's). */
  markSchemaNewer(): Promise<void>
  close(): Promise<void>
}

export interface ContractOptions {
  /** Several processes write through such stores (`PageStore.shared`). */
  shared: boolean
  /** Words are also matched by their French stem ("décisions" finds "décision"). */
  stems: boolean
}

export function describeStoreContract(name: string, open: () => Promise<ArchiveUnderTest>, options: ContractOptions): void {
  const opened: ArchiveUnderTest[] = []
  const archive = async (): Promise<ArchiveUnderTest> => {
    const under = await open()
    opened.push(under)
    return under
  }

  afterEach(async () => {
    for (const under of opened.splice(0)) await under.close()
  })

  describe(`${name}: the update log`, () => {
    it('knows nothing of a page never written', async () => {
      const { store } = await archive()
      expect(await store.loadPage('nothing-here')).toBeNull()
      expect(await store.getPage('nothing-here')).toBeNull()
      expect(await store.getAccess('nothing-here')).toBeNull()
    })

    it('appends updates and reads them back in order, surviving a reopen', async () => {
      const under = await archive()
      const { updates, text } = textUpdates(20)
      let last = 0
      for (const update of updates) {
        const seq = await under.store.appendUpdates('page-a', [update], 1000)
        expect(seq).toBeGreaterThan(last)
        last = seq
      }
      const reopened = await under.reopen()
      const stored = await reopened.loadPage('page-a')
      expect(stored!.updates).toHaveLength(20)
      expect(stored!.lastSeq).toBe(last)
      expect(rebuild(stored!)).toBe(text)
    })

    it('writes a batch at once and returns its last sequence number', async () => {
      const { store } = await archive()
      const { updates, text } = textUpdates(5)
      const last = await store.appendUpdates('page-b', updates, 1)
      const stored = await store.loadPage('page-b')
      expect(stored!.updates).toHaveLength(5)
      expect(stored!.lastSeq).toBe(last)
      expect(rebuild(stored!)).toBe(text)
    })

    it('folds the log into a snapshot from what it stores, and keeps what comes after', async () => {
      const { store } = await archive()
      const { updates, text } = textUpdates(30)
      await store.appendUpdates('page-c', updates.slice(0, 20), 1)
      const result = await store.compact('page-c')
      expect(result).toMatchObject({ merged: 20 })
      expect(result!.snapshotBytes).toBeGreaterThan(0)
      expect(await store.compact('page-c')).toBeNull()
      for (const update of updates.slice(20)) await store.appendUpdates('page-c', [update], 2)
      const stored = await store.loadPage('page-c')
      expect(stored!.snapshot).not.toBeNull()
      expect(stored!.updates).toHaveLength(10)
      expect(rebuild(stored!)).toBe(text)
      await store.compact('page-c')
      const again = await store.loadPage('page-c')
      expect(again!.updates).toHaveLength(0)
      expect(rebuild(again!)).toBe(text)
    })

    it('never reuses a sequence number after compaction deleted the largest ones', async () => {
      const { store } = await archive()
      const { updates } = textUpdates(2)
      const first = await store.appendUpdates('page-d', [updates[0]!], 1)
      await store.compact('page-d')
      const second = await store.appendUpdates('page-d', [updates[1]!], 2)
      expect(second).toBeGreaterThan(first)
      expect((await store.loadPage('page-d'))!.updates).toHaveLength(1)
    })

    it('loses no row to appends and a second compactor racing a compaction', async () => {
      const under = await archive()
      const other = await under.another()
      const writers = [textUpdates(60, 'a'), textUpdates(60, 'b'), textUpdates(60, 'c')]
      const stores = [under.store, other, under.store]
      let compacting = true
      const compactions = Promise.all(
        [under.store, other].map(async (store) => {
          let folded = 0
          while (compacting) {
            const result = await store.compact('race')
            folded += result?.merged ?? 0
            await new Promise((resolve) => setImmediate(resolve))
          }
          return folded
        }),
      )
      await Promise.all(
        writers.map(async (writer, i) => {
          for (const update of writer.updates) await stores[i]!.appendUpdates('race', [update], Date.now())
        }),
      )
      compacting = false
      const folded = (await compactions).reduce((sum, n) => sum + n, 0)
      const stored = await under.store.loadPage('race')
      const doc = rebuildDoc(stored!)
      for (const writer of writers) expect(doc.getText(writer.name).toString()).toBe(writer.text)
      // Nothing folded twice or lost: every row is in the log or was merged exactly once.
      expect(stored!.updates.length + folded).toBe(180)
    })

    if (options.shared) {
      it('ignores a caller’s document that lacks rows (another process committed them)', async () => {
        const { store } = await archive()
        expect(store.shared).toBe(true)
        const { updates, text } = textUpdates(10)
        const stale = new Y.Doc()
        let seq = 0
        for (const update of updates) seq = await store.appendUpdates('page-m', [update], 1)
        Y.applyUpdate(stale, updates[0]!)
        await store.compact('page-m', { state: Y.encodeStateAsUpdate(stale), throughSeq: seq })
        expect(rebuild((await store.loadPage('page-m'))!)).toBe(text)
      })
    } else {
      it('takes the caller’s document as the snapshot when it holds every row (one process only)', async () => {
        const { store } = await archive()
        expect(store.shared).toBe(false)
        const { updates, text } = textUpdates(10)
        const doc = new Y.Doc()
        let seq = 0
        for (const update of updates.slice(0, 6)) {
          seq = await store.appendUpdates('page-m', [update], 1)
          Y.applyUpdate(doc, update)
        }
        for (const update of updates.slice(6)) await store.appendUpdates('page-m', [update], 1)
        await store.compact('page-m', { state: Y.encodeStateAsUpdate(doc), throughSeq: seq })
        const stored = await store.loadPage('page-m')
        expect(stored!.updates).toHaveLength(4)
        expect(rebuild(stored!)).toBe(text)
      })
    }
  })

  describe(`${name}: access`, () => {
    it('keeps the first claim and changes flags in place', async () => {
      const under = await archive()
      const other = await under.another()
      const first = { keyHash: 'a'.repeat(64), openToAll: false, closed: false }
      const second = { keyHash: 'b'.repeat(64), openToAll: false, closed: false }
      // Two processes claiming at the same moment end with one claim, the same for both.
      const [one, two] = await Promise.all([under.store.claimAccess('claimed', first), other.claimAccess('claimed', second)])
      expect(one).toEqual(two)
      const holding = one
      expect(await under.store.claimAccess('claimed', { keyHash: null, openToAll: true, closed: false })).toEqual(holding)
      expect(await under.store.updateAccess('claimed', { closed: true })).toEqual({ ...holding, closed: true })
      expect(await other.updateAccess('claimed', { openToAll: true })).toEqual({ ...holding, closed: true, openToAll: true })
      expect(await under.store.getAccess('claimed')).toEqual({ ...holding, closed: true, openToAll: true })
      expect(await under.store.updateAccess('never-claimed', { closed: true })).toBeNull()
      expect(await under.store.claimAccess('keyless', { keyHash: null, openToAll: true, closed: false })).toEqual({ keyHash: null, openToAll: true, closed: false })
    })
  })

  describe(`${name}: photos`, () => {
    it('keeps one copy of each photo, readable through the pages that added it', async () => {
      const { store } = await archive()
      const photo = { sha256: 'a'.repeat(64), type: 'image/jpeg', data: new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]) }
      expect(await store.addPageFile('atelier', photo, 1000)).toBe('created')
      expect(await store.addPageFile('atelier', photo, 2000)).toBe('exists')
      expect(await store.addPageFile('forum', photo, 3000)).toBe('created')
      expect(await store.getPageFile('atelier', photo.sha256)).toEqual(photo)
      expect(await store.getPageFile('autre', photo.sha256)).toBeNull()
      expect(await store.listPageFiles('atelier')).toEqual([{ sha256: photo.sha256, type: 'image/jpeg', bytes: 6, addedAt: 1000 }])
      expect(await store.fileBytes('atelier')).toEqual({ page: 6, all: 6 })
      expect(await store.pagesWithFilesAddedBefore(2500)).toEqual(['atelier'])
      await store.removePageFile('atelier', photo.sha256)
      expect(await store.removeOrphanFiles()).toBe(0)
      await store.removePage('forum')
      expect(await store.removeOrphanFiles()).toBe(1)
      expect(await store.fileBytes('forum')).toEqual({ page: 0, all: 0 })
    })

    it('gives back a large photo byte for byte, through the page and its dump', async () => {
      const { store } = await archive()
      // 300 KiB and a bit: several pieces where a store keeps them so, the last one short.
      const data = new Uint8Array(300 * 1024 + 123).map((_, i) => (i * 7919) % 251)
      const photo = { sha256: 'c'.repeat(64), type: 'image/png', data }
      // Bytes compared as buffers: a deep equality of 300,000 elements takes seconds.
      const same = (bytes: Uint8Array | undefined) => bytes !== undefined && Buffer.compare(Buffer.from(bytes), Buffer.from(data)) === 0
      expect(await store.addPageFile('atelier', photo, 1000)).toBe('created')
      const back = await store.getPageFile('atelier', photo.sha256)
      expect(back?.type).toBe('image/png')
      expect(same(back?.data)).toBe(true)
      expect(await store.listPageFiles('atelier')).toEqual([{ sha256: photo.sha256, type: 'image/png', bytes: data.length, addedAt: 1000 }])
      const dumped = (await store.dumpPage('atelier'))?.files
      expect(dumped?.map(({ sha256, type, addedAt }) => ({ sha256, type, addedAt }))).toEqual([{ sha256: photo.sha256, type: 'image/png', addedAt: 1000 }])
      expect(same(dumped?.[0]?.data)).toBe(true)
      expect(await store.addPageFile('forum', photo, 2000)).toBe('created')
      expect(same((await store.getPageFile('forum', photo.sha256))?.data)).toBe(true)
    })
  })

  describe(`${name}: join codes`, () => {
    it('keeps codes until they expire or their page’s meeting ends, one per code', async () => {
      const { store } = await archive()
      const edit = { code: 'K7M4PQXWR', pageId: 'forum', editKey: 'x'.repeat(22), expiresAt: 5000 }
      expect(await store.addJoinCode(edit)).toBe(true)
      expect(await store.addJoinCode({ ...edit, pageId: 'autre' })).toBe(false)
      await store.addJoinCode({ code: 'ZZZ222333', pageId: 'forum', editKey: null, expiresAt: 9000 })
      await store.addJoinCode({ code: 'AAA444555', pageId: 'atelier', editKey: null, expiresAt: 9000 })
      expect(await store.findJoinCode('K7M4PQXWR', 1000)).toEqual(edit)
      expect(await store.findJoinCode('K7M4PQXWR', 5000)).toBeNull()
      expect((await store.pageJoinCodes('forum', 1000)).map((c) => c.code)).toEqual(['K7M4PQXWR', 'ZZZ222333'])
      await store.forgetJoinCodes('forum', 1000)
      expect(await store.pageJoinCodes('forum', 1000)).toEqual([])
      expect(await store.findJoinCode('AAA444555', 1000)).not.toBeNull()
      await store.forgetJoinCodes(null, 9000)
      expect(await store.findJoinCode('AAA444555', 1000)).toBeNull()
    })
  })

  describe(`${name}: a room relay's link ledger`, () => {
    it('remembers pages the city may lack, with the earliest time and the access change not yet told', async () => {
      const { store } = await archive()
      expect(await store.unsentPages()).toEqual([])
      await store.markUnsent('atelier', 2000)
      await store.markUnsent('atelier', 3000)
      await store.addUnsentAccessChange('forum', { closed: true }, 2500)
      await store.addUnsentAccessChange('forum', { openToAll: true }, 2600)
      expect(await store.unsentPages()).toEqual([
        { pageId: 'atelier', since: 2000, accessChange: null },
        { pageId: 'forum', since: 2500, accessChange: { closed: true, openToAll: true } },
      ])
      await store.clearUnsent('atelier')
      expect((await store.unsentPages()).map((p) => p.pageId)).toEqual(['forum'])
    })

    it('forgets a page entirely, and nothing of another', async () => {
      const { store } = await archive()
      const { updates } = textUpdates(2)
      for (const pageId of ['kept', 'gone']) {
        await store.appendUpdates(pageId, updates, 1000)
        await store.claimAccess(pageId, { keyHash: null, openToAll: true, closed: false })
        await store.saveMeta(pageId, { ...EMPTY_META, title: `Page ${pageId}`, tags: ['papi'] })
        await store.indexPage(pageId, { meta: { ...EMPTY_META, title: `Page ${pageId}`, tags: ['papi'] }, text: 'mots', writers: 1 })
        await store.saveVersion(pageId, { state: updates[0]!, createdAt: 1000, writers: [] })
        await store.markUnsent(pageId, 1000)
      }
      await store.compact('gone')
      await store.removePage('gone')
      expect(await store.loadPage('gone')).toBeNull()
      expect(await store.getAccess('gone')).toBeNull()
      expect(await store.getPage('gone')).toBeNull()
      expect(await store.listVersions('gone')).toEqual([])
      expect((await store.listPages({ text: 'mots' })).map((p) => p.id)).toEqual(['kept'])
      expect((await store.unsentPages()).map((p) => p.pageId)).toEqual(['kept'])
      expect(await store.loadPage('kept')).not.toBeNull()
    })
  })

  describe(`${name}: pages, search and filters`, () => {
    it('keeps pages apart and lists them by last change', async () => {
      const { store } = await archive()
      const { updates } = textUpdates(2)
      await store.appendUpdates('page-old', [updates[0]!], 1000)
      await store.appendUpdates('page-new', [updates[1]!], 2000)
      await store.saveMeta('page-new', meta({ title: 'Récente' }))
      const list = await store.listPages()
      expect(list.map((p) => p.id)).toEqual(['page-new', 'page-old'])
      expect(list[0]!.meta.title).toBe('Récente')
      expect(list[0]!).toMatchObject({ createdAt: 2000, updatedAt: 2000 })
      expect((await store.getPage('page-old'))!.updatedAt).toBe(1000)
    })

    it('finds words whatever their accents and case, and word starts (plurals)', async () => {
      const store = await meetings((await archive()).store)
      expect(await found(store, { text: 'decision' })).toEqual(['conseil', 'forum'])
      expect(await ids(store, { text: 'decid' })).toEqual(['atelier'])
      expect(await ids(store, { text: 'budget conseil' })).toEqual(['conseil'])
      expect(await ids(store, { text: 'budget wiki' })).toEqual([])
      expect(await ids(store, { text: 'BUDG' })).toEqual(['conseil'])
      expect(await ids(store, { text: 'cooperati' })).toEqual(['forum'])
      // A plural finds the plural; with French stems, the singular too.
      expect(await found(store, { text: 'DÉCISIONS' })).toEqual(options.stems ? ['conseil', 'forum'] : ['conseil'])
    })

    it('searches the title, the place and the tags as well as the body', async () => {
      const store = await meetings((await archive()).store)
      expect(await ids(store, { text: 'cooperatifs' })).toEqual(['forum'])
      expect(await ids(store, { text: 'mediatheque' })).toEqual(['atelier'])
      expect(await ids(store, { text: 'education' })).toEqual(['atelier'])
    })

    it('treats query syntax as plain words: nothing fails, nothing changes meaning', async () => {
      const store = await meetings((await archive()).store)
      for (const text of ['"', 'AND(', 'OR', 'NOT budget', 'title:conseil', 'NEAR(a b)', '*', '^', '\\', "'", '\uD800', '( )', ':*', "a'b", 'budget:*', '!conseil', 'a & b | c', '<->']) {
        await expect(store.listPages({ text }), text).resolves.toBeInstanceOf(Array)
      }
      expect(await ids(store, { text: 'NOT budget' })).toEqual([])
      expect(await ids(store, { text: '!conseil' })).toEqual(['conseil'])
      // Typed text without any word is no filter at all.
      expect(await ids(store, { text: '" * ( )' })).toEqual(['conseil', 'atelier', 'forum'])
    })

    it('filters by tag, with case and accents ignored', async () => {
      const store = await meetings((await archive()).store)
      expect(await ids(store, { tag: 'Wiki' })).toEqual(['atelier', 'forum'])
      expect(await ids(store, { tag: 'education POPULAIRE' })).toEqual(['atelier'])
      expect(await ids(store, { tag: 'Educ' })).toEqual([])
      expect(await ids(store, { tag: 'wiki', text: 'decision' })).toEqual(['forum'])
    })

    it('filters by meeting date, falling back to the creation day', async () => {
      const store = await meetings((await archive()).store)
      expect(await ids(store, { from: '2026-01-01' })).toEqual(['conseil', 'atelier'])
      expect(await ids(store, { to: '2026-02-01' })).toEqual(['atelier', 'forum'])
      expect(await ids(store, { from: '2026-02-01', to: '2026-02-01' })).toEqual(['atelier'])
      expect(await ids(store, { from: '2025-11-27', to: '2025-11-27' })).toEqual(['forum'])
      // No meeting date and no browser creation time: the day (UTC) the archive first stored it.
      await store.appendUpdates('stock', [anUpdate()], Date.UTC(2024, 5, 1, 23, 30))
      expect(await ids(store, { from: '2024-06-01', to: '2024-06-01' })).toEqual(['stock'])
    })

    it('keeps the index in step with changes, and counts writers', async () => {
      const store = await meetings((await archive()).store)
      await store.indexPage('conseil', { meta: meta({ title: 'Conseil de quartier', tags: ['Budget'] }), text: 'Tout a changé.', writers: 4 })
      expect(await ids(store, { text: 'decisions' })).toEqual(options.stems ? ['forum'] : [])
      expect(await ids(store, { text: 'change' })).toEqual(['conseil'])
      expect(await ids(store, { tag: 'vie du quartier' })).toEqual([])
      expect(await ids(store, { tag: 'budget' })).toEqual(['conseil'])
      expect((await store.getPage('conseil'))!.writers).toBe(4)
      // saveMeta refreshes the tags and day filters without touching the text.
      await store.saveMeta('conseil', meta({ title: 'Conseil', tags: ['Quartier', 'quartier', 'Budget'], date: '2020-01-01' }))
      expect(await ids(store, { tag: 'quartier' })).toEqual(['conseil'])
      expect(await ids(store, { tag: 'budget' })).toEqual(['conseil'])
      expect(await ids(store, { to: '2020-12-31' })).toEqual(['conseil'])
      expect(await ids(store, { text: 'change' })).toEqual(['conseil'])
      expect((await store.getPage('conseil'))!.meta.title).toBe('Conseil')
    })

    it('indexes nothing for a page never written', async () => {
      const { store } = await archive()
      await store.indexPage('ghost', { meta: meta({ title: 'Fantôme' }), text: 'rien', writers: 1 })
      await store.saveMeta('ghost', meta({ title: 'Fantôme' }))
      expect(await store.getPage('ghost')).toBeNull()
      expect(await ids(store, { text: 'fantome' })).toEqual([])
    })

    it('ranks a search: the title, then the words people wrote, then the template’s own; the most recent first within each', async () => {
      const { store } = await archive()
      // Meetings made from the Réunion template: each keeps its "Décisions" heading.
      await addMeeting(store, 'mot-au-titre', 1000, 'Décisions du bureau')
      await addMeeting(store, 'mot-ecrit', 2000, 'Réunion du 5 mars', 'Nous avons pris trois décisions importantes.')
      await addMeeting(store, 'gabarit-recent', 4000, 'Réunion du 12 mars', 'Rien de spécial.')
      await addMeeting(store, 'gabarit-ancien', 500, 'Réunion du 1er mars')
      await addPage(store, 'sans-rapport', 3000, { title: 'Atelier jardin', template: 'atelier' }, 'Semis de printemps.')
      const ranked = ['mot-au-titre', 'mot-ecrit', 'gabarit-recent', 'gabarit-ancien']
      expect(await ids(store, { text: 'décisions' })).toEqual(ranked)
      expect(await ids(store, { text: 'DECISION' })).toEqual(ranked)
      // Every word must be found: in the title, in what people wrote, or in the template's text.
      expect(await ids(store, { text: 'décisions importantes' })).toEqual(['mot-ecrit'])
      expect(await ids(store, { text: 'décisions spécial' })).toEqual(['gabarit-recent'])
      expect(await ids(store, { text: 'semis' })).toEqual(['sans-rapport'])
      // Within a rank, the most recent first; the window applies to the ranked list.
      expect(await ids(store, { text: 'décisions', limit: 2, offset: 2 })).toEqual(['gabarit-recent', 'gabarit-ancien'])
      await addMeeting(store, 'mot-ecrit-avant', 100, 'Réunion du 2 mars', 'Décisions prises : aucune.')
      expect(await ids(store, { text: 'décisions', limit: 3 })).toEqual(['mot-au-titre', 'mot-ecrit', 'mot-ecrit-avant'])
      // A tag or a place people gave counts as their words too.
      await addPage(store, 'etiquette', 50, { title: 'Bureau', tags: ['Décisions'] })
      expect(await ids(store, { text: 'décisions', limit: 4 })).toEqual(['mot-au-titre', 'mot-ecrit', 'mot-ecrit-avant', 'etiquette'])
    })

    it('pages with limit and offset, most recent first', async () => {
      const store = await meetings((await archive()).store)
      expect(await ids(store, { limit: 2 })).toEqual(['conseil', 'atelier'])
      expect(await ids(store, { limit: 2, offset: 2 })).toEqual(['forum'])
    })
  })

  describe(`${name}: history`, () => {
    it('adds versions, lists them newest first, reads them back under their own page only', async () => {
      const { store } = await archive()
      // One state each: a new document's client id, hence its encoded size, is random.
      const [un, deux] = [stateWith('un'), stateWith('deux')]
      const first = await store.saveVersion('page-a', { state: un, createdAt: 1000, writers: ['Anne'] })
      const second = await store.saveVersion('page-a', { state: deux, createdAt: 2000, writers: ['Anne', 'Bruno'] })
      await store.saveVersion('page-b', { state: stateWith('ailleurs'), createdAt: 1500, writers: [] })
      expect(second).toBeGreaterThan(first)
      expect(await store.listVersions('page-a')).toEqual([
        { id: second, createdAt: 2000, writers: ['Anne', 'Bruno'], bytes: deux.length },
        { id: first, createdAt: 1000, writers: ['Anne'], bytes: un.length },
      ])
      expect(await store.listVersions('page-a', 1)).toHaveLength(1)
      expect(await store.listVersions('nothing')).toEqual([])
      const version = await store.loadVersion('page-a', first)
      expect(textOf(version!.state)).toBe('un')
      expect(await store.loadVersion('page-b', first)).toBeNull()
    })

    it('keeps every version through compaction', async () => {
      const { store } = await archive()
      await store.appendUpdates('page-a', [stateWith('texte')], 1)
      await store.saveVersion('page-a', { state: stateWith('texte'), createdAt: 1, writers: [] })
      await store.compact('page-a')
      expect(await store.listVersions('page-a')).toHaveLength(1)
    })
  })

  describe(`${name}: dumps and schema`, () => {
    it('dumps a page and writes it into another archive unchanged', async () => {
      const source = await meetings((await archive()).store)
      await source.compact('conseil')
      await source.appendUpdates('conseil', [stateWith('après')], 4000)
      await source.claimAccess('conseil', { keyHash: 'c'.repeat(64), openToAll: false, closed: true })
      const version = await source.saveVersion('conseil', { state: stateWith('v1'), createdAt: 3500, writers: ['Anne'] })
      await source.addPageFile('conseil', { sha256: 'd'.repeat(64), type: 'image/webp', data: new Uint8Array([82, 73, 70, 70]) }, 3600)
      await source.claimAccess('claimed-only', { keyHash: null, openToAll: true, closed: false })
      expect(await source.listPageIds()).toEqual(['atelier', 'claimed-only', 'conseil', 'forum'])
      const target = (await archive()).store
      for (const id of await source.listPageIds()) await target.writePage((await source.dumpPage(id))!)
      await target.afterWritingPages()
      for (const id of await source.listPageIds()) expect(await target.dumpPage(id), id).toEqual(await source.dumpPage(id))
      expect(await target.dumpPage('nothing')).toBeNull()
      expect(await ids(target, { text: 'decision' })).toEqual(['conseil', 'forum'])
      expect(await target.loadVersion('conseil', version)).not.toBeNull()
      expect(await target.getPageFile('conseil', 'd'.repeat(64))).toEqual({ sha256: 'd'.repeat(64), type: 'image/webp', data: new Uint8Array([82, 73, 70, 70]) })
      // New versions come after the ones written with their own ids.
      expect(await target.saveVersion('atelier', { state: stateWith('v2'), createdAt: 5000, writers: [] })).toBeGreaterThan(version)
    })

    it('refuses an archive written by a newer Carnet', async () => {
      const under = await archive()
      await under.markSchemaNewer()
      await expect(under.reopen()).rejects.toThrow(/newer/)
    })
  })
}

function meta(patch: Partial<PageMeta>): PageMeta {
  return { ...EMPTY_META, tags: [], ...patch }
}

function anUpdate(): Uint8Array {
  return stateWith('x')
}

function stateWith(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return Y.encodeStateAsUpdate(doc)
}

function textOf(state: Uint8Array): string {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  return doc.getText('t').toString()
}

/** `count` updates of one writer into `Y.Text(name)`, and the text they make. */
function textUpdates(count: number, name = 't'): { updates: Uint8Array[]; text: string; name: string } {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  for (let i = 0; i < count; i++) doc.getText(name).insert(doc.getText(name).length, `${i};`)
  return { updates, text: doc.getText(name).toString(), name }
}

function rebuildDoc(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const u of stored.updates) Y.applyUpdate(doc, u)
  return doc
}

function rebuild(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): string {
  return rebuildDoc(stored).getText('t').toString()
}

async function ids(store: PageStore, query: Parameters<PageStore['listPages']>[0]): Promise<string[]> {
  return (await store.listPages(query)).map((page) => page.id)
}

/** The pages found, in id order: for tests of what matches, not of the ranking. */
async function found(store: PageStore, query: Parameters<PageStore['listPages']>[0]): Promise<string[]> {
  return (await ids(store, query)).sort()
}

/** A page made from the Réunion template (in French), with what people wrote in its notes, indexed as the relay indexes it. */
async function addMeeting(store: PageStore, id: string, at: number, title: string, written = ''): Promise<void> {
  const doc = new Y.Doc()
  const body = structuredClone(findTemplate('reunion')!.body.fr)
  if (written) {
    const notes = body.content!.findIndex((node) => node.type === 'heading' && node.content?.[0]?.text === 'Notes')
    body.content!.splice(notes + 1, 0, { type: 'paragraph', content: [{ type: 'text', text: written }] })
  }
  jsonToFragment(body, pageBody(doc))
  writePageMeta(doc, { title, template: 'reunion' })
  await store.appendUpdates(id, [Y.encodeStateAsUpdate(doc)], at)
  await store.indexPage(id, pageIndexEntry(doc))
}

async function addPage(store: PageStore, id: string, at: number, patch: Partial<PageMeta>, text = '', writers = 1): Promise<void> {
  await store.appendUpdates(id, [anUpdate()], at)
  await store.indexPage(id, { meta: meta(patch), text, writers })
}

async function meetings<S extends PageStore>(store: S): Promise<S> {
  await addPage(store, 'conseil', 3000, { title: 'Conseil de quartier', date: '2026-03-12', place: 'Maison pour tous', tags: ['Vie du quartier'] }, 'Les décisions du conseil.\nBudget voté.', 3)
  await addPage(store, 'atelier', 2000, { title: 'Atelier wiki', date: '2026-02-01', place: 'Médiathèque', tags: ['Éducation populaire', 'Wiki'] }, 'On a décidé d’écrire ensemble.')
  await addPage(store, 'forum', 1000, { title: 'Forum des usages coopératifs', date: '', createdAt: Date.UTC(2025, 10, 27, 10), tags: ['Wiki'] }, 'Décision : une page par atelier.')
  return store
}
