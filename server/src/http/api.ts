// The archive API: `GET /api/pages` (list and search), `GET /api/pages/<id>` (metadata),
// `GET /api/pages/<id>/export`, `GET /api/pages/<id>/history`,
// `GET /api/pages/<id>/history/<versionId>`, `POST /api/import` (page-import.ts) and
// `GET /api/settings`. Every id is checked before it reaches storage; no answer ever contains an
// edit key, but the one `POST /api/import` mints for the page it creates.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isValidPageId, readPageMeta, readSeriesLinks, writerNames, type PageListResponse, type SettingsResponse, type VersionListResponse } from '@carnet/core'
import type { PageCatalogue, PageFiles, PageHistory, PageLog, ProjectLists } from '../archive/store.js'
import { readPageDoc, readVersionDoc, type LoadedDocs } from './page-docs.js'
import { parsePageListQuery } from './page-list-query.js'
import { pageUrl, readExportFormat, sendExport, wantsDownload } from './page-export.js'
import { sendError, sendJson } from './respond.js'
import { decodePathSegment } from './path-segment.js'
import { pageJson, summariesOf } from './page-summaries.js'
import { handleImport, type ImportDeps } from './page-import.js'

export interface ApiDeps {
  /** The API reads pages (their log, or their versions, and their photos for exports) and lists them. */
  store: PageLog & Pick<PageCatalogue, 'getPage' | 'listPages'> & PageHistory & Pick<ProjectLists, 'seriesFacts'> & Pick<PageFiles, 'getPageFile'>
  loaded: LoadedDocs
  /** Public address of the app, for links inside exports. */
  publicUrl(req: IncomingMessage): string
  /** What `POST /api/import` needs: it writes new pages. */
  importer: ImportDeps
}

const PAGE_ROUTE = /^\/api\/pages\/([^/]*)(?:\/(export|history)(?:\/([^/]*))?)?\/?$/
const VERSION_ID = /^[1-9]\d{0,14}$/

/** Answers the request if it is an API route; returns false otherwise. */
export async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, deps: ApiDeps): Promise<boolean> {
  if (url.pathname !== '/api' && !url.pathname.startsWith('/api/')) return false
  if (url.pathname === '/api/import' || url.pathname === '/api/import/') {
    await handleImport(req, res, url, deps.importer)
    return true
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(res, 405, 'method not allowed')
    return true
  }
  if (url.pathname === '/api/settings') {
    const { wiki, maxBytes } = deps.importer
    sendJson(res, 200, { wiki, importMaxBytes: maxBytes } satisfies SettingsResponse)
    return true
  }
  if (url.pathname === '/api/pages' || url.pathname === '/api/pages/') {
    await listPages(res, url, deps)
    return true
  }
  const match = PAGE_ROUTE.exec(url.pathname)
  if (!match || (match[3] !== undefined && match[2] !== 'history')) {
    sendError(res, 404, 'no such API route')
    return true
  }
  const pageId = decodePathSegment(match[1] ?? '')
  if (!isValidPageId(pageId)) {
    sendError(res, 400, 'invalid page id: expected 3 to 64 characters among a-z, 0-9 and "-"')
    return true
  }
  if (match[2] === 'export') await exportPage(req, res, url, pageId, deps)
  // "/history/" (a trailing slash) is the list, like "/history".
  else if (match[2] === 'history' && match[3]) await exportVersion(req, res, url, pageId, match[3], deps)
  else if (match[2] === 'history') await listVersions(res, pageId, deps)
  else await describePage(res, pageId, deps)
  return true
}

async function listPages(res: ServerResponse, url: URL, deps: ApiDeps): Promise<void> {
  const parsed = parsePageListQuery(url.searchParams)
  if (!parsed.ok) {
    sendError(res, 400, parsed.error)
    return
  }
  const pages = await deps.store.listPages(parsed.query)
  sendJson(res, 200, { pages: await summariesOf(pages, deps.store) } satisfies PageListResponse)
}

async function describePage(res: ServerResponse, pageId: string, deps: ApiDeps): Promise<void> {
  const record = await deps.store.getPage(pageId)
  if (!record) {
    sendError(res, 404, 'page not found')
    return
  }
  // An open page may have a fresher title (and writers, and links) than the last saved metadata.
  const live = deps.loaded.loadedDoc(pageId)
  const facts = (await deps.store.seriesFacts([pageId])).get(pageId)
  const summary = pageJson(live ? { ...record, meta: readPageMeta(live), writers: writerNames(live).length } : record, facts)
  sendJson(res, 200, live ? { ...summary, ...readSeriesLinks(live, pageId) } : summary)
}

async function exportPage(req: IncomingMessage, res: ServerResponse, url: URL, pageId: string, deps: ApiDeps): Promise<void> {
  const format = readExportFormat(url, 'md')
  if ('error' in format) {
    sendError(res, 400, format.error)
    return
  }
  const doc = await readPageDoc(pageId, deps.store, deps.loaded)
  if (!doc) {
    sendError(res, 404, 'page not found')
    return
  }
  await sendExport(res, {
    pageId,
    doc,
    format: format.id,
    fileStem: pageId,
    pageUrl: pageUrl(req, deps.publicUrl, pageId),
    publicUrl: deps.publicUrl(req),
    files: deps.store,
    download: wantsDownload(url),
    wikiCategoryNamespace: deps.importer.wiki?.categoryNamespace,
  })
}

async function listVersions(res: ServerResponse, pageId: string, deps: ApiDeps): Promise<void> {
  const [record, versions] = await Promise.all([deps.store.getPage(pageId), deps.store.listVersions(pageId)])
  if (!record && versions.length === 0) {
    sendError(res, 404, 'page not found')
    return
  }
  sendJson(res, 200, {
    versions: versions.map((version) => ({
      id: version.id,
      createdAt: new Date(version.createdAt).toISOString(),
      writers: version.writers,
      bytes: version.bytes,
    })),
  } satisfies VersionListResponse)
}

async function exportVersion(req: IncomingMessage, res: ServerResponse, url: URL, pageId: string, rawVersionId: string, deps: ApiDeps): Promise<void> {
  if (!VERSION_ID.test(rawVersionId)) {
    sendError(res, 400, 'invalid version id: expected a whole number, as listed by /history')
    return
  }
  const format = readExportFormat(url, 'json')
  if ('error' in format) {
    sendError(res, 400, format.error)
    return
  }
  const versionId = Number(rawVersionId)
  const found = await readVersionDoc(pageId, versionId, deps.store)
  if (!found) {
    sendError(res, 404, 'version not found')
    return
  }
  try {
    await sendExport(res, {
      pageId,
      doc: found.doc,
      format: format.id,
      fileStem: `${pageId}-version-${versionId}`,
      pageUrl: pageUrl(req, deps.publicUrl, pageId),
      publicUrl: deps.publicUrl(req),
      files: deps.store,
      download: wantsDownload(url),
      wikiCategoryNamespace: deps.importer.wiki?.categoryNamespace,
    })
  } finally {
    found.doc.destroy()
  }
}
