// Reads a project's lists from the archive API (`GET /api/decisions`, `GET /api/actions`,
// `GET /api/series/<id>`), with network trouble reported as a value, as the archive page does.
import type { ActionItem, ActionListResponse, DecisionItem, DecisionListResponse, PageSummary, SeriesResponse } from '@carnet/core/http-api'
import { getJson, type ArchiveResult } from '../archive/archive-client.js'

export interface ProjectCriteria {
  tag?: string
  /** Any page id of the series. */
  series?: string
}

function query(criteria: ProjectCriteria): string {
  const params = new URLSearchParams()
  if (criteria.tag) params.set('tag', criteria.tag)
  if (criteria.series) params.set('series', criteria.series)
  const text = params.toString()
  return text ? `?${text}` : ''
}

export async function fetchDecisions(criteria: ProjectCriteria, signal?: AbortSignal): Promise<ArchiveResult<DecisionItem[]>> {
  const result = await getJson<DecisionListResponse>(`/api/decisions${query(criteria)}`, signal)
  return result.ok ? { ok: true, value: result.value.decisions } : result
}

export async function fetchActions(criteria: ProjectCriteria, signal?: AbortSignal): Promise<ArchiveResult<ActionItem[]>> {
  const result = await getJson<ActionListResponse>(`/api/actions${query(criteria)}`, signal)
  return result.ok ? { ok: true, value: result.value.actions } : result
}

/** The pages of the series `pageId` belongs to, the most recent meeting first. */
export async function fetchSeries(pageId: string, signal?: AbortSignal): Promise<ArchiveResult<PageSummary[]>> {
  const result = await getJson<SeriesResponse>(`/api/series/${encodeURIComponent(pageId)}`, signal)
  return result.ok ? { ok: true, value: result.value.pages } : result
}
