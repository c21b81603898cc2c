import { describe, expect, it } from 'vitest'
import type { PageSummary } from '@carnet/core/http-api'
import { archiveLines } from './series-groups.js'

const page = (id: string, date: string, series = '', seriesPages = 1): PageSummary => ({
  id,
  title: id,
  template: 'reunion',
  date,
  place: '',
  tags: [],
  licence: 'CC-BY-SA-4.0',
  closed: false,
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:00.000Z',
  writers: 1,
  previous: '',
  next: '',
  series,
  seriesPages,
})

describe('the archive’s lines', () => {
  it('gathers a series on one line where its first page stands, most recent meeting first', () => {
    const lines = archiveLines([
      page('jardin-1', '2026-01-10', 'jardin-1', 3),
      page('atelier', '2026-02-01'),
      page('jardin-3', '2026-03-14', 'jardin-1', 3),
      page('jardin-2', '2026-02-14', 'jardin-1', 3),
    ])
    expect(lines.map((line) => (line.kind === 'page' ? line.page.id : line.pages.map((p) => p.id)))).toEqual([
      ['jardin-3', 'jardin-2', 'jardin-1'],
      'atelier',
    ])
    expect(lines[0]).toMatchObject({ kind: 'series', key: 'jardin-1', size: 3 })
  })

  it('keeps a page alone on its line, and a series of which only one page is listed as a series', () => {
    const lines = archiveLines([page('seule', '2026-01-01'), page('jardin-2', '2026-02-14', 'jardin-1', 3)])
    expect(lines.map((line) => line.kind)).toEqual(['page', 'series'])
    expect(lines[1]).toMatchObject({ size: 3, pages: [{ id: 'jardin-2' }] })
  })
})
