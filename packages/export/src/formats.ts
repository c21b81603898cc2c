// The export formats as data — what the HTTP API's `?format=` accepts, the file extension and the
// Content-Type to serve — and the one function that renders any of them.
import type { ExportInput } from './export-input.js'
import { toHtml } from './to-html.js'
import { toJson } from './to-json.js'
import { toMarkdown } from './to-markdown.js'
import { toText } from './to-text.js'
import { toWikitext } from './to-wikitext.js'

export const EXPORT_FORMATS = [
  { id: 'md', label: 'Markdown', extension: 'md', contentType: 'text/markdown; charset=utf-8' },
  { id: 'wiki', label: 'Wikitexte (MediaWiki)', extension: 'wiki', contentType: 'text/x-wiki; charset=utf-8' },
  { id: 'html', label: 'Page web (HTML, à imprimer)', extension: 'html', contentType: 'text/html; charset=utf-8' },
  { id: 'txt', label: 'Texte brut', extension: 'txt', contentType: 'text/plain; charset=utf-8' },
  { id: 'json', label: 'JSON', extension: 'json', contentType: 'application/json' },
] as const

export type ExportFormat = (typeof EXPORT_FORMATS)[number]
export type ExportFormatId = ExportFormat['id']

const RENDERERS: Record<ExportFormatId, (input: ExportInput) => string> = {
  md: toMarkdown,
  wiki: toWikitext,
  html: toHtml,
  txt: toText,
  json: toJson,
}

export function isExportFormatId(value: unknown): value is ExportFormatId {
  return typeof value === 'string' && Object.hasOwn(RENDERERS, value)
}

export function findExportFormat(id: unknown): ExportFormat | null {
  return EXPORT_FORMATS.find((format) => format.id === id) ?? null
}

export function renderExport(format: ExportFormatId, input: ExportInput): string {
  const render = RENDERERS[format]
  if (!render) throw new RangeError(`Format d'export inconnu : ${String(format)}`)
  return render(input)
}
