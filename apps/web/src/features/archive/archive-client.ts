// Reads the archive API: the pages (recent, or found by a search), one page's history and its
// versions. Network trouble is an expected state here (offline rooms), reported as a value rather
// than thrown; so is an answer the server refused, with its message.
import type { PageJson, PageListResponse, PageSummary, VersionListResponse, VersionSummary } from '@carnet/core'
import { requestJson } from '../../shared/api-json.js'

export type ArchiveResult<T> = { ok: true; value: T } | { ok: false; offline: boolean; status?: number; message: string }

export interface PageSearch {
  q?: string
  tag?: string
  /** Days `YYYY-MM-DD`, inclusive. */
  from?: string
  to?: string
  limit?: number
  offset?: number
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<ArchiveResult<T>> {
  const answer = await requestJson<T>(path, signal ? { signal } : {})
  if (answer.ok) return answer
  if (answer.status === 'offline') return { ok: false, offline: true, message: answer.message }
  return { ok: false, offline: false, status: answer.status, message: answer.message }
}

export function searchQueryString(search: PageSearch): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(search)) {
    if (value !== undefined && value !== '') params.set(name, String(value))
  }
  return params.toString()
}

/** Pages matching the search, most recently changed first. An aborted search rejects with an AbortError. */
export async function searchPages(search: PageSearch, signal?: AbortSignal): Promise<ArchiveResult<PageSummary[]>> {
  const query = searchQueryString(search)
  const result = await getJson<PageListResponse>(`/api/pages${query ? `?${query}` : ''}`, signal)
  return result.ok ? { ok: true, value: result.value.pages } : result
}

export function fetchRecentPages(limit = 20): Promise<ArchiveResult<PageSummary[]>> {
  return searchPages({ limit })
}

export function fetchPage(pageId: string): Promise<ArchiveResult<PageSummary>> {
  return getJson<PageSummary>(`/api/pages/${encodeURIComponent(pageId)}`)
}

/** The page's versions, newest first. */
export async function fetchHistory(pageId: string): Promise<ArchiveResult<VersionSummary[]>> {
  const result = await getJson<VersionListResponse>(`/api/pages/${encodeURIComponent(pageId)}/history`)
  return result.ok ? { ok: true, value: result.value.versions } : result
}

export function fetchVersion(pageId: string, versionId: number): Promise<ArchiveResult<PageJson>> {
  return getJson<PageJson>(`/api/pages/${encodeURIComponent(pageId)}/history/${versionId}?format=json`)
}

/** The page as the archive has it now. */
export function fetchCurrentPage(pageId: string): Promise<ArchiveResult<PageJson>> {
  return getJson<PageJson>(`/api/pages/${encodeURIComponent(pageId)}/export?format=json`)
}
