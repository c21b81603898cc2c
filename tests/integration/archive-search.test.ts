// The archive's search over real HTTP: pages written by stock y-websocket clients are found by
// words whatever their accents, by tag and by date, most recently changed first; the index follows
// edits; bad parameters get a 400 that says why, and query syntax is only ever plain words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newPageId, type PageListResponse, type PageSummary } from '@carnet/core'
import { startRelay, type RelayProcess } from '../support/relay-process.js'
import { stockClient, type StockClient } from '../support/stock-client.js'
import { writeMeetingPage, replaceParagraphs, type MeetingPage } from '../support/meeting-page.js'
import { getJson } from '../support/http.js'
import { until } from '../support/until.js'

let relay: RelayProcess
const clients: StockClient[] = []
const ids: Record<string, string> = {}

async function list(query = ''): Promise<PageSummary[]> {
  const { status, body } = await getJson<PageListResponse>(`${relay.httpUrl}/api/pages${query ? `?${query}` : ''}`)
  expect(status).toBe(200)
  return body.pages
}

/** Ids of the pages this file wrote that the query finds, in the order the API gives them. */
async function found(query: string): Promise<string[]> {
  const mine = new Map(Object.entries(ids).map(([name, id]) => [id, name]))
  return (await list(`${query}&limit=1000`)).map((page) => mine.get(page.id)).filter((name): name is string => name !== undefined)
}

/** Writes a page with two writers and waits until the archive has indexed it (its writer count shows). */
async function writePage(name: string, page: MeetingPage, secondWriter: string): Promise<StockClient> {
  const pageId = newPageId(name)
  ids[name] = pageId
  const first = stockClient(relay.syncUrl, pageId)
  const second = stockClient(relay.syncUrl, pageId)
  clients.push(first, second)
  await Promise.all([first.synced(), second.synced()])
  writeMeetingPage(first.doc, page)
  writeMeetingPage(second.doc, { writer: secondWriter, paragraphs: ['Un mot de plus.'] })
  await until(async () => ((await list()).find((p) => p.id === pageId)?.writers === 2 ? true : undefined), {
    what: `${name} indexed with its two writers`,
  })
  return first
}

beforeAll(async () => {
  relay = await startRelay()
  // Written in this order: the last one is the most recently changed.
  await writePage(
    'forum',
    { title: 'Forum des usages coopératifs', createdAt: Date.UTC(2025, 10, 27, 9), tags: ['Wiki', 'Forum'], writer: 'Anne', paragraphs: ['Décision : une page par atelier.'] },
    'Bruno',
  )
  await writePage(
    'atelier',
    { title: 'Atelier wiki', date: '2026-02-01', place: 'Médiathèque des Capucins', tags: ['Éducation populaire', 'Wiki'], writer: 'Chloé', paragraphs: ['On a appris à écrire ensemble.'] },
    'Anne',
  )
  await writePage(
    'conseil',
    { title: 'Conseil de quartier', date: '2026-03-12', place: 'Maison pour tous', tags: ['Vie du quartier'], writer: 'Anne', paragraphs: ['Les décisions du conseil.', 'Budget voté à l’unanimité.'] },
    'Émile',
  )
})

afterAll(async () => {
  for (const c of clients) c.destroy()
  await relay.crash()
})

describe('GET /api/pages', () => {
  it('lists every page with its facts and number of writers, most recently changed first', async () => {
    expect(await found('')).toEqual(['conseil', 'atelier', 'forum'])
    const conseil = (await list()).find((page) => page.id === ids.conseil)
    expect(conseil).toEqual({
      id: ids.conseil,
      title: 'Conseil de quartier',
      template: '',
      date: '2026-03-12',
      place: 'Maison pour tous',
      tags: ['Vie du quartier'],
      licence: 'CC-BY-SA-4.0',
      closed: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      writers: 2,
      // A page alone, in no series: no previous or next meeting.
      previous: '',
      next: '',
      series: '',
      seriesPages: 1,
    })
    expect(Date.parse(conseil!.updatedAt)).toBeGreaterThanOrEqual(Date.parse(conseil!.createdAt))
  })

  it('finds words whatever their accents and case: "decision" finds "Décision" and "décisions"', async () => {
    expect(await found('q=decision')).toEqual(['conseil', 'forum'])
    expect(await found('q=DECISIONS')).toEqual(['conseil'])
    expect(await found(`q=${encodeURIComponent('décisions')}`)).toEqual(['conseil'])
    expect(await found('q=budget+unanimite')).toEqual(['conseil'])
    expect(await found('q=budget+atelier')).toEqual([])
  })

  it('searches titles, places and tags too', async () => {
    expect(await found('q=cooperatifs')).toEqual(['forum'])
    expect(await found('q=capucins')).toEqual(['atelier'])
    expect(await found('q=education')).toEqual(['atelier'])
  })

  it('filters by tag, with case and accents ignored, and combines filters', async () => {
    expect(await found('tag=wiki')).toEqual(['atelier', 'forum'])
    expect(await found(`tag=${encodeURIComponent('education populaire')}`)).toEqual(['atelier'])
    expect(await found(`tag=${encodeURIComponent('Vie du quartier')}&q=conseil`)).toEqual(['conseil'])
    expect(await found('tag=wiki&q=decision')).toEqual(['forum'])
    expect(await found('tag=wik')).toEqual([])
  })

  it('filters by meeting date, or the creation day for a page without one', async () => {
    expect(await found('from=2026-01-01')).toEqual(['conseil', 'atelier'])
    expect(await found('from=2026-02-01&to=2026-02-28')).toEqual(['atelier'])
    expect(await found('to=2025-12-31')).toEqual(['forum'])
    expect(await found('from=2025-11-27&to=2025-11-27')).toEqual(['forum'])
  })

  it('treats query syntax as words: it never fails', async () => {
    for (const q of ['"', 'AND(', 'OR', 'NOT', '*', 'title:conseil', 'NEAR(a', '^', "l'", '\\', '"décision']) {
      const { status, body } = await getJson(`${relay.httpUrl}/api/pages?q=${encodeURIComponent(q)}`)
      expect(status, q).toBe(200)
      expect(Array.isArray(body.pages), q).toBe(true)
    }
    expect(await found(`q=${encodeURIComponent('"décision')}`)).toEqual(['conseil', 'forum'])
  })

  it('answers bad parameters with 400 and a message that says what is expected', async () => {
    const cases: Array<[string, RegExp]> = [
      ['from=12%2F03%2F2026', /^from must be a day written YYYY-MM-DD/],
      ['to=2026-02-30', /^to must be a day/],
      ['from=2026-03-02&to=2026-03-01', /is after to/],
      ['limit=0', /^limit must be a whole number/],
      ['limit=many', /^limit must be a whole number/],
      ['offset=-3', /^offset must be a whole number/],
      [`q=${'x'.repeat(201)}`, /^q is too long/],
    ]
    for (const [query, message] of cases) {
      const { status, body } = await getJson(`${relay.httpUrl}/api/pages?${query}`)
      expect(status, query).toBe(400)
      expect(body.error, query).toMatch(message)
    }
  })

  it('pages through results with limit and offset', async () => {
    const all = await list('limit=1000')
    const second = await list('limit=1&offset=1')
    expect(second).toHaveLength(1)
    expect(second[0]!.id).toBe(all[1]!.id)
  })

  it('follows edits: new words are found and removed words are not, a moment later', async () => {
    const pageId = newPageId('suivi')
    ids.suivi = pageId
    const writer = stockClient(relay.syncUrl, pageId)
    clients.push(writer)
    await writer.synced()
    writeMeetingPage(writer.doc, { title: 'Suivi', writer: 'Anne', paragraphs: ['Première rédaction : hirondelles.'] })
    await until(async () => ((await found('q=hirondelles')).includes('suivi') ? true : undefined), { what: 'first text indexed' })
    replaceParagraphs(writer.doc, ['Seconde rédaction : mésanges.'])
    await until(async () => ((await found('q=mesanges')).includes('suivi') ? true : undefined), { what: 'new text indexed' })
    expect(await found('q=hirondelles')).toEqual([])
  })
})
