/// <reference types="node" />
// A page with photos, for the exporters' golden files: a described photo whose bytes the export is
// given (the test fixture `paperboard.jpg`, 32 × 24), one in a list and one in a table (a PNG), one
// the export is not given, one nobody described, and an `image` whose `src` is another site's,
// which no export may show. (Node types: this fixture reads a file; purity.test.ts covers the library only.)
import { readFileSync } from 'node:fs'
import { photoPath, sha256, toHex } from '@carnet/core'
import type { ExportInput, PhotoBytes } from '../export-input.js'
import { bulletList, doc, heading, listItem, meta, paragraph, row, table, td, text, th } from './pages.js'

const FIXTURES = new URL('../../../../tests/fixtures/photos/', import.meta.url)
const read = (name: string, type: string): PhotoBytes & { sha256: string } => {
  const data = new Uint8Array(readFileSync(new URL(name, FIXTURES)))
  return { sha256: toHex(sha256(data)), type, data }
}

export const PAPERBOARD = read('paperboard.jpg', 'image/jpeg')
export const POST_ITS = read('post-its.png', 'image/png')
/** A photo the page names but the export was not given (still on its way, say). */
export const NOT_GIVEN = 'c0ffee'.padEnd(64, '0')
const PAGE_ID = 'atelier-photos'

const image = (sha: string, alt: string | null, size: [number, number] | null = [32, 24]) => ({
  type: 'image',
  attrs: { src: photoPath(PAGE_ID, sha), alt, ...(size ? { width: size[0], height: size[1] } : {}) },
})

export const photoBody = doc(
  heading(2, text('Le paperboard')),
  image(PAPERBOARD.sha256, 'Les idées du groupe vert, au feutre [rouge] <b>*gras*</b>'),
  paragraph(text('Les post-its, rangés par thème :')),
  bulletList(listItem(paragraph(text('mobilité')), image(POST_ITS.sha256, 'Post-its de la mobilité'))),
  table(row(th(text('Thème')), th(text('Photo'))), row(td(text('Salle')), { type: 'tableCell', attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [image(PAPERBOARD.sha256, 'La salle')] })),
  image(NOT_GIVEN, 'La salle pleine', null),
  image(PAPERBOARD.sha256, null),
  { type: 'image', attrs: { src: 'https://pisteur.example/pixel.gif', alt: 'Ailleurs' } },
)

export const photoInput: ExportInput = {
  id: PAGE_ID,
  meta: meta({ title: 'Atelier en photos' }),
  body: photoBody,
  url: `https://carnet.example.org/p/${PAGE_ID}`,
  exportedAt: new Date('2025-11-28T09:30:00Z'),
  photos: new Map([PAPERBOARD, POST_ITS].map(({ sha256: name, type, data }) => [name, { type, data }])),
}
