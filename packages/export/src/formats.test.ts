import { describe, expect, it } from 'vitest'
import { expectGolden } from './__fixtures__/golden.js'
import { awkwardInput, fullInput } from './__fixtures__/pages.js'
import { EXPORT_FORMATS, findExportFormat, isExportFormatId, renderExport, type ExportFormatId } from './formats.js'
import { toHtml } from './to-html.js'
import { toJson } from './to-json.js'
import { toMarkdown } from './to-markdown.js'
import { toText } from './to-text.js'
import { toWikitext } from './to-wikitext.js'

describe('export formats', () => {
  it('lists each format with its extension and content type', () => {
    expect(EXPORT_FORMATS.map(({ id, extension, contentType }) => ({ id, extension, contentType }))).toEqual([
      { id: 'md', extension: 'md', contentType: 'text/markdown; charset=utf-8' },
      { id: 'wiki', extension: 'wiki', contentType: 'text/x-wiki; charset=utf-8' },
      { id: 'html', extension: 'html', contentType: 'text/html; charset=utf-8' },
      { id: 'txt', extension: 'txt', contentType: 'text/plain; charset=utf-8' },
      { id: 'json', extension: 'json', contentType: 'application/json' },
    ])
    for (const format of EXPORT_FORMATS) expect(format.label.length).toBeGreaterThan(0)
  })

  it('renders each format with its exporter', () => {
    const expected: Record<ExportFormatId, string> = {
      md: toMarkdown(fullInput),
      wiki: toWikitext(fullInput),
      html: toHtml(fullInput),
      txt: toText(fullInput),
      json: toJson(fullInput),
    }
    for (const format of EXPORT_FORMATS) expect(renderExport(format.id, fullInput)).toBe(expected[format.id])
  })

  it('recognises format ids and refuses anything else', () => {
    expect(isExportFormatId('md')).toBe(true)
    expect(isExportFormatId('yjs')).toBe(false)
    expect(isExportFormatId('toString')).toBe(false)
    expect(isExportFormatId(undefined)).toBe(false)
    expect(findExportFormat('wiki')?.extension).toBe('wiki')
    expect(findExportFormat('pdf')).toBeNull()
    expect(() => renderExport('pdf' as ExportFormatId, fullInput)).toThrow(/Format d'export inconnu : pdf/)
  })

  it('writes JSON matching the golden files', () => {
    expectGolden('full.json', toJson(fullInput))
    expectGolden('awkward.json', toJson(awkwardInput))
  })

  it('writes JSON with the format, version, id, meta and body', () => {
    const json = toJson(fullInput)
    expect(json).toBe(JSON.stringify({ format: 'carnet-page', version: 1, id: fullInput.id, meta: fullInput.meta, body: fullInput.body }, null, 2))
    expect(JSON.parse(json)).toEqual({ format: 'carnet-page', version: 1, id: 'atelier-wiki-2025', meta: fullInput.meta, body: fullInput.body })
  })

  it('leaves out anything but the page from the JSON (no url, no export date)', () => {
    expect(Object.keys(JSON.parse(toJson(fullInput)) as object)).toEqual(['format', 'version', 'id', 'meta', 'body'])
  })
})
