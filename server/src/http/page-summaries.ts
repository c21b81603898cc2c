// A page as the API lists it (`PageSummary`): its archived record with its place in its series
// (previous and next meetings, the series it belongs to), read for a whole list in one query.
import type { PageSummary } from '@carnet/core'
import type { PageRecord, ProjectLists, SeriesFacts } from '../archive/store.js'

const ALONE: SeriesFacts = { previous: '', next: '', series: '', seriesPages: 1 }

export function pageJson(record: PageRecord, facts: SeriesFacts = ALONE): PageSummary {
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
    writers: record.writers,
    previous: facts.previous,
    next: facts.next,
    series: facts.series,
    seriesPages: facts.seriesPages,
  }
}

export async function summariesOf(records: readonly PageRecord[], store: Pick<ProjectLists, 'seriesFacts'>): Promise<PageSummary[]> {
  const facts = await store.seriesFacts(records.map((record) => record.id))
  return records.map((record) => pageJson(record, facts.get(record.id)))
}
