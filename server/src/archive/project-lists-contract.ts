// The project lists' contract (ProjectLists, store.ts) as tests, run against both archives: SQLite
// in the unit tests (sqlite-contract.test.ts), PostgreSQL in the integration tests (tests/
// integration/postgres-store.test.ts). Pages are written and indexed as the relay does it
// (`pageIndexEntry` of a real document), then listed: decisions and actions by tag and by series,
// the links both pages must agree on, carried actions counted once, older pages found and indexed.
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { pageBody, writePageMeta, writeSeriesLinks, type PageMeta, type PmNode } from '@carnet/core'
import { jsonToFragment } from '@carnet/core/to-ydoc'
import type { PageStore } from './store.js'
import { pageIndexEntry } from './page-index-entry.js'
import { backfillProjectLists } from './project-backfill.js'
import type { ArchiveUnderTest } from './store-contract.js'

const p = (text: string): PmNode => ({ type: 'paragraph', content: [{ type: 'text', text }] })
const h = (text: string): PmNode => ({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text }] })
const bullets = (...items: string[]): PmNode => ({ type: 'bulletList', content: items.map((item) => ({ type: 'listItem', content: [p(item)] })) })
const tasks = (...items: Array<[string, boolean]>): PmNode => ({
  type: 'taskList',
  content: items.map(([text, checked]) => ({ type: 'taskItem', attrs: { checked }, content: [p(text)] })),
})

interface Meeting {
  id: string
  meta: Partial<PageMeta>
  decisions?: string[]
  actions?: Array<[string, boolean]>
  previous?: string
  next?: string
  at?: number
}

function meetingDoc(meeting: Meeting): Y.Doc {
  const doc = new Y.Doc()
  const content: PmNode[] = [h('Notes'), p('On a parlé.')]
  if (meeting.decisions) content.push(h('Décisions'), bullets(...meeting.decisions))
  if (meeting.actions) content.push(h('Actions'), tasks(...meeting.actions))
  jsonToFragment({ type: 'doc', content }, pageBody(doc))
  writePageMeta(doc, { title: meeting.id, ...meeting.meta })
  writeSeriesLinks(doc, { ...(meeting.previous ? { previous: meeting.previous } : {}), ...(meeting.next ? { next: meeting.next } : {}) })
  return doc
}

/** Stores and indexes the page as the relay does. */
async function addMeeting(store: PageStore, meeting: Meeting): Promise<Y.Doc> {
  const doc = meetingDoc(meeting)
  await store.appendUpdates(meeting.id, [Y.encodeStateAsUpdate(doc)], meeting.at ?? 1000)
  await store.indexPage(meeting.id, pageIndexEntry(doc))
  return doc
}

/** Three meetings of one project, each naming the next and the previous. */
async function project(store: PageStore): Promise<void> {
  await addMeeting(store, {
    id: 'jardin-1',
    meta: { date: '2026-01-10', tags: ['Jardin partagé'] },
    decisions: ['On plante des tomates.', 'Réunion chaque mois.'],
    actions: [['Qui : Anne — Quoi : acheter les graines — Pour quand : 20 janvier', false], ['Qui : Bruno — Quoi : réparer la cabane', true]],
    next: 'jardin-2',
  })
  await addMeeting(store, {
    id: 'jardin-2',
    meta: { date: '2026-02-14', tags: ['Jardin partagé'] },
    decisions: ['Le compost va au fond.'],
    actions: [['Qui : Anne — Quoi : acheter les graines — Pour quand : 20 janvier', true], ['@Chloé écrit au bailleur avant le 1er mars', false]],
    previous: 'jardin-1',
    next: 'jardin-3',
  })
  await addMeeting(store, {
    id: 'jardin-3',
    meta: { date: '2026-03-14', tags: ['Jardin partagé', 'Quartier'] },
    decisions: ['Fête du jardin le 21 juin.'],
    actions: [['@Chloé écrit au bailleur avant le 1er mars', false], ['Qui : Dana — Quoi : affiches', false]],
    previous: 'jardin-2',
  })
}

export function describeProjectListsContract(name: string, open: () => Promise<ArchiveUnderTest>): void {
  const opened: ArchiveUnderTest[] = []
  const archive = async (): Promise<PageStore> => {
    const under = await open()
    opened.push(under)
    return under.store
  }

  afterEach(async () => {
    for (const under of opened.splice(0)) await under.close()
  })

  describe(`${name}: a project's decisions and actions`, () => {
    it('lists the decisions of a tag, the most recent meeting first, each page’s in page order', async () => {
      const store = await archive()
      await project(store)
      await addMeeting(store, { id: 'autre', meta: { date: '2026-03-20', tags: ['Autre'] }, decisions: ['Hors sujet.'] })
      const decisions = await store.listDecisions({ tag: 'jardin partage' })
      expect(decisions.map((d) => [d.pageId, d.day, d.text, d.position])).toEqual([
        ['jardin-3', '2026-03-14', 'Fête du jardin le 21 juin.', 0],
        ['jardin-2', '2026-02-14', 'Le compost va au fond.', 0],
        ['jardin-1', '2026-01-10', 'On plante des tomates.', 0],
        ['jardin-1', '2026-01-10', 'Réunion chaque mois.', 1],
      ])
      expect(decisions[0]!.title).toBe('jardin-3')
      expect((await store.listDecisions({})).map((d) => d.pageId)[0]).toBe('autre')
      expect(await store.listDecisions({ tag: 'Personne' })).toEqual([])
      expect(await store.listDecisions({ tag: 'jardin partagé', limit: 2 })).toHaveLength(2)
    })

    it('lists actions open first, a carried action once from its newest page, with who and when', async () => {
      const store = await archive()
      await project(store)
      const actions = await store.listActions({ tag: 'Jardin partagé' })
      expect(actions.map((a) => [a.pageId, a.who, a.what || a.text, a.done])).toEqual([
        ['jardin-3', 'Chloé', 'écrit au bailleur', false],
        ['jardin-3', 'Dana', 'affiches', false],
        ['jardin-2', 'Anne', 'acheter les graines', true],
        ['jardin-1', 'Bruno', 'réparer la cabane', true],
      ])
      expect(actions[0]).toMatchObject({ when: '1er mars', due: '2026-03-01', position: 0 })
      expect(actions[2]).toMatchObject({ when: '20 janvier', due: '2026-01-20' })
      // Done on the newer page, the older open copy is not an open action.
      expect((await store.listActions({ tag: 'Jardin partagé', open: true })).map((a) => a.what || a.text)).toEqual(['écrit au bailleur', 'affiches'])
    })

    it('replaces a page’s items when it is indexed again, and knows nothing of a page never written', async () => {
      const store = await archive()
      await addMeeting(store, { id: 'ag', meta: { tags: ['AG'] }, decisions: ['Première version.'], actions: [['Relire', false]] })
      await addMeeting(store, { id: 'ag', meta: { tags: ['AG'] }, decisions: ['Seconde version.'], actions: [['Relire', true]] })
      expect((await store.listDecisions({ tag: 'AG' })).map((d) => d.text)).toEqual(['Seconde version.'])
      expect((await store.listActions({ tag: 'AG' })).map((a) => a.done)).toEqual([true])
      await store.saveProjectEntry('jamais-ecrite', pageIndexEntry(meetingDoc({ id: 'x', meta: {}, decisions: ['Rien.'] })).project!)
      expect(await store.listDecisions({})).toHaveLength(1)
      await store.removePage('ag')
      expect(await store.listDecisions({})).toEqual([])
      expect(await store.listActions({})).toEqual([])
    })
  })

  describe(`${name}: series`, () => {
    it('follows the links both pages agree on, from any page of the series', async () => {
      const store = await archive()
      await project(store)
      for (const id of ['jardin-1', 'jardin-2', 'jardin-3']) {
        expect((await store.seriesPages(id)).map((page) => page.id)).toEqual(['jardin-3', 'jardin-2', 'jardin-1'])
      }
      expect((await store.listDecisions({ series: 'jardin-1' })).map((d) => d.pageId)).toEqual(['jardin-3', 'jardin-2', 'jardin-1', 'jardin-1'])
      expect((await store.listDecisions({ series: 'jardin-2', tag: 'Quartier' })).map((d) => d.pageId)).toEqual(['jardin-3'])
      expect((await store.listActions({ series: 'jardin-3', open: true })).map((a) => a.pageId)).toEqual(['jardin-3', 'jardin-3'])
      const facts = await store.seriesFacts(['jardin-1', 'jardin-3', 'inconnue'])
      expect(facts.get('jardin-1')).toEqual({ previous: '', next: 'jardin-2', series: 'jardin-1', seriesPages: 3 })
      expect(facts.get('jardin-3')).toEqual({ previous: 'jardin-2', next: '', series: 'jardin-1', seriesPages: 3 })
      expect(facts.has('inconnue')).toBe(false)
    })

    it('joins nothing on a link written on one side only', async () => {
      const store = await archive()
      await project(store)
      // Someone claims to follow the garden's last meeting; the garden never named them.
      await addMeeting(store, { id: 'intrus', meta: { date: '2026-04-01' }, decisions: ['Publicité.'], previous: 'jardin-3' })
      // A meeting prepared offline: its previous page has not said so yet.
      await addMeeting(store, { id: 'atelier-2', meta: { date: '2026-04-02' }, previous: 'atelier-1' })
      await addMeeting(store, { id: 'atelier-1', meta: { date: '2026-03-02' } })
      expect((await store.seriesPages('jardin-3')).map((page) => page.id)).toEqual(['jardin-3', 'jardin-2', 'jardin-1'])
      expect((await store.seriesPages('intrus')).map((page) => page.id)).toEqual(['intrus'])
      expect((await store.listDecisions({ series: 'jardin-1' })).map((d) => d.text)).not.toContain('Publicité.')
      expect((await store.seriesFacts(['intrus'])).get('intrus')).toEqual({ previous: 'jardin-3', next: '', series: '', seriesPages: 1 })
      expect(await store.seriesPages('nulle-part')).toEqual([])
      // The previous page says so at last: one series.
      await addMeeting(store, { id: 'atelier-1', meta: { date: '2026-03-02' }, next: 'atelier-2' })
      expect((await store.seriesPages('atelier-1')).map((page) => page.id)).toEqual(['atelier-2', 'atelier-1'])
    })
  })

  describe(`${name}: older pages`, () => {
    it('finds pages never indexed for the lists, and indexes them from the archive', async () => {
      const store = await archive()
      for (const id of ['ancienne-1', 'ancienne-2']) {
        const doc = meetingDoc({ id, meta: { tags: ['Archives'] }, decisions: [`Décidé dans ${id}.`] })
        await store.appendUpdates(id, [Y.encodeStateAsUpdate(doc)], 1000)
        // As an older Carnet indexed it: no project entry.
        const { project: _none, ...older } = pageIndexEntry(doc)
        await store.indexPage(id, older)
      }
      await addMeeting(store, { id: 'recente', meta: { tags: ['Archives'] } })
      expect(await store.pagesWithoutProjectEntry('', 10)).toEqual(['ancienne-1', 'ancienne-2'])
      expect(await store.pagesWithoutProjectEntry('ancienne-1', 10)).toEqual(['ancienne-2'])
      expect(await store.listDecisions({ tag: 'Archives' })).toEqual([])
      const report = await backfillProjectLists(store)
      expect(report).toEqual({ indexed: 2, failed: [] })
      expect((await store.listDecisions({ tag: 'Archives' })).map((d) => d.text).sort()).toEqual(['Décidé dans ancienne-1.', 'Décidé dans ancienne-2.'])
      expect(await store.pagesWithoutProjectEntry('', 10)).toEqual([])
    })
  })
}
