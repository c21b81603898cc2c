// @carnet/export: pure functions from a page to the formats organisers publish in, and back.
// No DOM, no Node APIs: the same code runs in the PWA and in the relay.
export type { ExportInput } from './export-input.js'
export { fragmentToJson, pageFromDoc } from './from-ydoc.js'
export { jsonToFragment } from './to-ydoc.js'
export { toMarkdown } from './to-markdown.js'
export { toWikitext } from './to-wikitext.js'
export { toHtml } from './to-html.js'
export { toText } from './to-text.js'
export { toJson, JSON_FORMAT, JSON_VERSION } from './to-json.js'
export { markdownToJson, type ImportedMarkdown } from './import-markdown.js'
export { EXPORT_FORMATS, findExportFormat, isExportFormatId, renderExport, type ExportFormat, type ExportFormatId } from './formats.js'
export { normaliseBody } from './normalise.js'
export { safeHref } from './link-policy.js'
