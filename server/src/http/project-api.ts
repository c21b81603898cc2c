// A project's thread and lists: `GET /api/series/<id>` (the pages of a series, the most recent
// meeting first), `GET /api/decisions?tag=&series=` and `GET /api/actions?tag=&series=&open=1`
// (docs/protocol.md). Read from the archive's index (ProjectLists), written a few seconds after
// each change, never from the pages' documents.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isValidPageId, type ActionListResponse, type DecisionListResponse, type SeriesResponse } from '@carnet/core'
import type { PageCatalogue, ProjectLists } from '../archive/store.js'
import { parseProjectQuery } from './project-query.js'
import { sendError, sendJson } from './respond.js'
import { decodePathSegment } from './path-segment.js'
import { summariesOf } from './page-summaries.js'

export interface ProjectApiDeps {
  store: ProjectLists & Pick<PageCatalogue, 'getPage'>
}

const SERIES_ROUTE = /^\/api\/series\/([^/]*)\/?$/

/** Answers the request if it is one of these routes; returns false otherwise. */
export async function handleProjectApi(req: IncomingMessage, res: ServerResponse, url: URL, deps: ProjectApiDeps): Promise<boolean> {
  const path = url.pathname.replace(/\/$/, '')
  const series = SERIES_ROUTE.exec(url.pathname)
  if (path !== '/api/decisions' && path !== '/api/actions' && !series) return false
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(res, 405, 'method not allowed')
    return true
  }
  if (series) {
    await listSeries(res, decodePathSegment(series[1] ?? ''), deps)
    return true
  }
  const list = path === '/api/decisions' ? 'decisions' : 'actions'
  const parsed = parseProjectQuery(url.searchParams, list)
  if (!parsed.ok) {
    sendError(res, 400, parsed.error)
    return true
  }
  const { query } = parsed
  // A series is named by one of its pages: a page the archive does not hold is a mistake to say.
  if (query.series && !(await deps.store.getPage(query.series))) {
    sendError(res, 404, 'series not found: no archived page has that id')
    return true
  }
  if (list === 'decisions') {
    const decisions = await deps.store.listDecisions(query)
    sendJson(res, 200, {
      decisions: decisions.map(({ pageId, title, day, text, position }) => ({ pageId, pageTitle: title, day, text, position })),
    } satisfies DecisionListResponse)
  } else {
    const actions = await deps.store.listActions(query)
    sendJson(res, 200, {
      actions: actions.map(({ pageId, title, day, text, who, what, when, due, done, position }) => ({
        pageId,
        pageTitle: title,
        day,
        text,
        who,
        what,
        when,
        due,
        done,
        position,
      })),
    } satisfies ActionListResponse)
  }
  return true
}

async function listSeries(res: ServerResponse, pageId: string, deps: ProjectApiDeps): Promise<void> {
  if (!isValidPageId(pageId)) {
    sendError(res, 400, 'invalid page id: expected 3 to 64 characters among a-z, 0-9 and "-"')
    return
  }
  const pages = await deps.store.seriesPages(pageId)
  if (pages.length === 0) {
    sendError(res, 404, 'page not found')
    return
  }
  sendJson(res, 200, { pages: await summariesOf(pages, deps.store) } satisfies SeriesResponse)
}
