// The archive's list with each series on one line: pages the API gives the same `series` key are
// gathered where the first of them stands (the list's order is kept), the most recent meeting of
// the series shown for it, the others unfolding under it, most recent first.
import type { PageSummary } from '@carnet/core/http-api'

export type ArchiveLine =
  | { kind: 'page'; page: PageSummary }
  | {
      kind: 'series'
      key: string
      /** The pages of the series in this list, the most recent meeting first. */
      pages: PageSummary[]
      /** How many pages the whole series has (some may not be in this list). */
      size: number
    }

/** The day a page's meeting is filed under: its date, else the day the archive first stored it. */
export function meetingDay(page: Pick<PageSummary, 'date' | 'createdAt'>): string {
  return page.date || page.createdAt.slice(0, 10)
}

export function byRecentMeeting(a: PageSummary, b: PageSummary): number {
  return meetingDay(b).localeCompare(meetingDay(a)) || b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id)
}

export function archiveLines(pages: readonly PageSummary[]): ArchiveLine[] {
  const lines: ArchiveLine[] = []
  const series = new Map<string, Extract<ArchiveLine, { kind: 'series' }>>()
  for (const page of pages) {
    if (!page.series || page.seriesPages < 2) {
      lines.push({ kind: 'page', page })
      continue
    }
    const known = series.get(page.series)
    if (known) {
      known.pages.push(page)
      known.size = Math.max(known.size, page.seriesPages)
      continue
    }
    const line = { kind: 'series' as const, key: page.series, pages: [page], size: page.seriesPages }
    series.set(page.series, line)
    lines.push(line)
  }
  for (const line of series.values()) line.pages.sort(byRecentMeeting)
  return lines
}
