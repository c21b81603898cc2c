// A project's thread and lists over real HTTP, with the archive on SQLite and on PostgreSQL:
// meetings written by stock y-websocket clients (decisions under "Décisions", task items, links to
// the previous and next meetings in Map('meta')) are listed by `GET /api/decisions`, `GET
// /api/actions` and `GET /api/series/<id>` once the relay has indexed them; the lists follow an
// edit; bad parameters get a 400 that says why; and pages archived before the lists existed join
// them when the server starts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import * as Y from 'yjs'
import {
  newPageId,
  pageBody,
  setTaskChecked,
  writePageMeta,
  writeSeriesLinks,
  type ActionListResponse,
  type DecisionListResponse,
  type PageListResponse,
  type PmNode,
  type SeriesResponse,
} from '@carnet/core'
import { jsonToFragment } from '@carnet/core/to-ydoc'
import { endedAfterEachTest } from '../support/cleanup.js'
import { startRelay, type RelayProcess } from '../support/relay-process.js'
import { getJson } from '../support/http.js'
import { until } from '../support/until.js'
import { freshDatabase, type TestDatabase } from '../support/postgres.js'
import { testDatabaseUrl } from '../support/services.js'
import type { StockClient } from '../support/stock-client.js'

const { relays, client } = endedAfterEachTest()
const databaseServer = testDatabaseUrl()
let db: TestDatabase | null = null

beforeAll(async () => {
  if (databaseServer) db = await freshDatabase(databaseServer, 'project_lists')
})
afterAll(async () => {
  await db?.drop()
})

const p = (text: string): PmNode => ({ type: 'paragraph', content: [{ type: 'text', text }] })
const h = (text: string): PmNode => ({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text }] })

interface Meeting {
  title: string
  date: string
  tags: string[]
  decisions: string[]
  actions: Array<[string, boolean]>
}

function writeMeeting(doc: Y.Doc, meeting: Meeting, links: { previous?: string; next?: string }): void {
  doc.transact(() => {
    writePageMeta(doc, { title: meeting.title, date: meeting.date, tags: meeting.tags, template: 'reunion' })
    writeSeriesLinks(doc, links)
    jsonToFragment(
      {
        type: 'doc',
        content: [
          h('Notes'),
          p('Décision : marquée hors de la section.'),
          h('Décisions'),
          { type: 'bulletList', content: meeting.decisions.map((text) => ({ type: 'listItem', content: [p(text)] })) },
          h('Actions'),
          { type: 'taskList', content: meeting.actions.map(([text, checked]) => ({ type: 'taskItem', attrs: { checked }, content: [p(text)] })) },
        ],
      },
      pageBody(doc),
    )
  })
}

const MEETINGS: Meeting[] = [
  {
    title: 'Jardin — janvier',
    date: '2026-01-10',
    tags: ['Jardin partagé'],
    decisions: ['On plante des tomates.'],
    actions: [['Qui : Anne — Quoi : acheter les graines — Pour quand : 20 janvier', false], ['Qui : Bruno — Quoi : réparer la cabane', true]],
  },
  {
    title: 'Jardin — février',
    date: '2026-02-14',
    tags: ['Jardin partagé'],
    decisions: ['Le compost va au fond.'],
    actions: [['Qui : Anne — Quoi : acheter les graines — Pour quand : 20 janvier', true], ['@Chloé écrit au bailleur avant le 1er mars', false]],
  },
  {
    title: 'Jardin — mars',
    date: '2026-03-14',
    tags: ['Jardin partagé'],
    decisions: ['Fête du jardin le 21 juin.'],
    actions: [['@Chloé écrit au bailleur avant le 1er mars', false]],
  },
]

/** Writes the three meetings, each naming its neighbours, and waits until the archive lists them. */
async function writeProject(relay: RelayProcess): Promise<{ ids: string[]; writers: StockClient[] }> {
  const ids = MEETINGS.map(() => newPageId('jardin'))
  const writers = ids.map((id) => client(relay, id))
  await Promise.all(writers.map((writer) => writer.synced()))
  MEETINGS.forEach((meeting, i) => writeMeeting(writers[i]!.doc, meeting, { ...(i > 0 ? { previous: ids[i - 1] } : {}), ...(i < 2 ? { next: ids[i + 1] } : {}) }))
  await until(
    async () => {
      const { body } = await getJson<DecisionListResponse>(`${relay.httpUrl}/api/decisions?series=${ids[0]}`)
      return body.decisions?.length === 6 ? true : undefined
    },
    { what: 'the three meetings indexed as one series' },
  )
  return { ids, writers }
}

const archives: Array<[string, () => Promise<Record<string, string>>]> = [
  ['SQLite', async () => ({})],
  ...(databaseServer ? [['PostgreSQL', async () => ({ CARNET_DATABASE_URL: await db!.schemaUrl() })] as [string, () => Promise<Record<string, string>>]] : []),
]
if (!databaseServer) console.log('project lists on PostgreSQL skipped: set CARNET_TEST_DATABASE_URL to run them')

describe.each(archives)('a project’s lists, archive on %s', (_name, archiveEnv) => {
  async function relay(): Promise<RelayProcess> {
    const started = await startRelay({ env: await archiveEnv() })
    relays.push(started)
    return started
  }

  it('lists the decisions of a tag and of a series, the most recent meeting first', async () => {
    const server = await relay()
    const { ids } = await writeProject(server)
    const byTag = await getJson<DecisionListResponse>(`${server.httpUrl}/api/decisions?tag=${encodeURIComponent('jardin partage')}`)
    expect(byTag.status).toBe(200)
    expect(byTag.body.decisions.map((d) => [d.pageId, d.day, d.text])).toEqual([
      [ids[2], '2026-03-14', 'marquée hors de la section.'],
      [ids[2], '2026-03-14', 'Fête du jardin le 21 juin.'],
      [ids[1], '2026-02-14', 'marquée hors de la section.'],
      [ids[1], '2026-02-14', 'Le compost va au fond.'],
      [ids[0], '2026-01-10', 'marquée hors de la section.'],
      [ids[0], '2026-01-10', 'On plante des tomates.'],
    ])
    expect(byTag.body.decisions[1]).toEqual({ pageId: ids[2], pageTitle: 'Jardin — mars', day: '2026-03-14', text: 'Fête du jardin le 21 juin.', position: 1 })
    const bySeries = await getJson<DecisionListResponse>(`${server.httpUrl}/api/decisions?series=${ids[1]}`)
    expect(bySeries.body).toEqual(byTag.body)
  })

  it('lists actions open first with who and when, a carried one once, and follows a checkbox', async () => {
    const server = await relay()
    const { ids, writers } = await writeProject(server)
    const all = await getJson<ActionListResponse>(`${server.httpUrl}/api/actions?series=${ids[2]}`)
    expect(all.status).toBe(200)
    expect(all.body.actions.map((a) => [a.pageId, a.who, a.what, a.done])).toEqual([
      [ids[2], 'Chloé', 'écrit au bailleur', false],
      [ids[1], 'Anne', 'acheter les graines', true],
      [ids[0], 'Bruno', 'réparer la cabane', true],
    ])
    expect(all.body.actions[0]).toMatchObject({ when: '1er mars', due: '2026-03-01', position: 0, pageTitle: 'Jardin — mars', day: '2026-03-14' })
    const open = await getJson<ActionListResponse>(`${server.httpUrl}/api/actions?tag=Jardin%20partag%C3%A9&open=1`)
    expect(open.body.actions.map((a) => a.what)).toEqual(['écrit au bailleur'])

    // Chloé's letter is sent: checked in March's page, it leaves the open actions.
    expect(setTaskChecked(writers[2]!.doc, 0, '@Chloé écrit au bailleur avant le 1er mars', true)).toBe('changed')
    await until(
      async () => {
        const { body } = await getJson<ActionListResponse>(`${server.httpUrl}/api/actions?series=${ids[0]}&open=1`)
        return body.actions.length === 0 ? true : undefined
      },
      { what: 'the checked action no longer open' },
    )
  })

  it('lists a series and gives each page its place in it', async () => {
    const server = await relay()
    const { ids } = await writeProject(server)
    const series = await getJson<SeriesResponse>(`${server.httpUrl}/api/series/${ids[0]}`)
    expect(series.status).toBe(200)
    expect(series.body.pages.map((page) => [page.id, page.previous, page.next, page.seriesPages])).toEqual([
      [ids[2], ids[1], '', 3],
      [ids[1], ids[0], ids[2], 3],
      [ids[0], '', ids[1], 3],
    ])
    const key = series.body.pages[0]!.series
    expect(key).not.toBe('')
    expect(series.body.pages.every((page) => page.series === key)).toBe(true)
    const list = await getJson<PageListResponse>(`${server.httpUrl}/api/pages`)
    expect(list.body.pages.filter((page) => page.series === key).map((page) => page.id).sort()).toEqual([...ids].sort())
    const one = await getJson<{ previous: string; next: string; series: string }>(`${server.httpUrl}/api/pages/${ids[1]}`)
    expect(one.body).toMatchObject({ previous: ids[0], next: ids[2], series: key })
  })

  it('answers bad requests with clear errors', async () => {
    const server = await relay()
    const error = async (path: string) => {
      const { status, body } = await getJson<{ error: string }>(`${server.httpUrl}${path}`)
      return [status, body.error]
    }
    expect(await error('/api/decisions?series=Pas%20un%20id')).toEqual([400, expect.stringMatching(/series must be a page id/)])
    expect(await error('/api/actions?open=peut-etre')).toEqual([400, expect.stringMatching(/open must be 1/)])
    expect(await error('/api/decisions?open=1')).toEqual([400, expect.stringMatching(/unknown parameter "open"/)])
    expect(await error('/api/actions?limit=0')).toEqual([400, expect.stringMatching(/limit must be/)])
    expect(await error(`/api/actions?tag=${'x'.repeat(61)}`)).toEqual([400, expect.stringMatching(/tag is too long/)])
    expect(await error('/api/decisions?series=nulle-part')).toEqual([404, expect.stringMatching(/series not found/)])
    expect(await error('/api/series/nulle-part')).toEqual([404, 'page not found'])
    expect(await error('/api/series/NON')).toEqual([400, expect.stringMatching(/invalid page id/)])
    const posted = await fetch(`${server.httpUrl}/api/decisions`, { method: 'POST' })
    expect(posted.status).toBe(405)
    const empty = await getJson<DecisionListResponse>(`${server.httpUrl}/api/decisions?tag=Personne`)
    expect(empty).toMatchObject({ status: 200, body: { decisions: [] } })
  })
})

describe('pages archived before the lists existed', () => {
  it('join the lists when the server starts, with nobody opening them', async () => {
    const first = await startRelay()
    relays.push(first)
    const { ids } = await writeProject(first)
    expect(await first.stop()).toBe(0)
    // As an older Carnet left the archive: no lists at all.
    const file = new Database(join(first.dataDir, 'carnet.sqlite'))
    file.exec('DELETE FROM page_items; DELETE FROM page_links;')
    file.close()
    const again = await startRelay({ dataDir: first.dataDir })
    relays.push(again)
    const decisions = await until(
      async () => {
        const { body } = await getJson<DecisionListResponse>(`${again.httpUrl}/api/decisions?series=${ids[0]}`)
        return body.decisions?.length === 6 ? body.decisions : undefined
      },
      { what: 'the older pages indexed at start' },
    )
    expect(decisions.map((d) => d.pageId)).toEqual([ids[2], ids[2], ids[1], ids[1], ids[0], ids[0]])
    expect(again.logs.some((line) => line.msg === 'older pages were indexed for the decisions and actions lists' && line.indexed === 3)).toBe(true)
  })
})
