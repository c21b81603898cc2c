// The archive API: `GET /api/pages`, `GET /api/pages/<id>`, `GET /api/pages/<id>/export`.
// Every id is checked before it reaches storage; no answer ever contains an edit key.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isValidPageId, readPageMeta } from '@carnet/core'
import { EXPORT_FORMATS, pageFromDoc, renderExport } from '@carnet/export'
import type { PageRecord, PageStore } from '../archive/store.js'
import { readPageDoc, type LoadedDocs } from '../archive/page-reader.js'
import { sendError, sendJson, sendText } from './respond.js'

export interface ApiDeps {
  store: PageStore
  loaded: LoadedDocs
  /** Public address of the app, for links inside exports. */
  publicUrl(req: IncomingMessage): string
}

const PAGE_ROUTE = /^\/api\/pages\/([^/]*)(\/export)?\/?$/

export function pageJson(record: PageRecord): Record<string, unknown> {
  const { meta } = record
  return {
    id: record.id,
    title: meta.title,
    template: meta.template,
    date: meta.date,
    place: meta.place,
    tags: meta.tags,
    licence: meta.licence,
    closed: meta.closed,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
  }
}

/** Answers the request if it is an API route; returns false otherwise. */
export async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, deps: ApiDeps): Promise<boolean> {
  if (url.pathname !== '/api/pages' && url.pathname !== '/api/pages/' && !url.pathname.startsWith('/api/')) return false
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(res, 405, 'method not allowed')
    return true
  }
  if (url.pathname === '/api/pages' || url.pathname === '/api/pages/') {
    const limit = Number(url.searchParams.get('limit') ?? 100)
    const offset = Number(url.searchParams.get('offset') ?? 0)
    const pages = await deps.store.listPages({
      limit: Number.isFinite(limit) ? limit : 100,
      offset: Number.isFinite(offset) ? offset : 0,
    })
    sendJson(res, 200, { pages: pages.map(pageJson) })
    return true
  }
  const match = PAGE_ROUTE.exec(url.pathname)
  if (!match) {
    sendError(res, 404, 'no such API route')
    return true
  }
  const pageId = decodeURIComponent(match[1] ?? '')
  if (!isValidPageId(pageId)) {
    sendError(res, 400, 'invalid page id: expected 3 to 64 characters among a-z, 0-9 and "-"')
    return true
  }
  if (match[2]) {
    await exportPage(req, res, url, pageId, deps)
    return true
  }
  const record = await deps.store.getPage(pageId)
  if (!record) {
    sendError(res, 404, 'page not found')
    return true
  }
  // An open page may have a fresher title than the last saved metadata.
  const live = deps.loaded.loadedDoc(pageId)
  sendJson(res, 200, pageJson(live ? { ...record, meta: readPageMeta(live) } : record))
  return true
}

async function exportPage(req: IncomingMessage, res: ServerResponse, url: URL, pageId: string, deps: ApiDeps): Promise<void> {
  const formatId = url.searchParams.get('format') ?? 'md'
  const format = EXPORT_FORMATS.find((f) => f.id === formatId)
  if (!format) {
    sendError(res, 400, `unknown export format "${formatId.slice(0, 20)}": expected one of ${EXPORT_FORMATS.map((f) => f.id).join(', ')}`)
    return
  }
  const doc = await readPageDoc(pageId, deps.store, deps.loaded)
  if (!doc) {
    sendError(res, 404, 'page not found')
    return
  }
  const { meta, body } = pageFromDoc(doc)
  const text = renderExport(format.id, { id: pageId, meta, body, url: `${deps.publicUrl(req)}/p/${pageId}` })
  const disposition = url.searchParams.get('download') === '1' ? 'attachment' : 'inline'
  sendText(res, 200, text, format.contentType, {
    'Content-Disposition': `${disposition}; filename="${pageId}.${format.extension}"`,
  })
}
