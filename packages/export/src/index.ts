// @carnet/export: pure functions from a page to the formats organisers publish in, and back.
// No DOM, no Node APIs: the same code runs in the PWA and in the relay. They build on the page's
// Y.Doc ↔ JSON mapping, which is page model and lives in @carnet/core (from-ydoc, to-ydoc).
export type { ExportInput } from './export-input.js'
export { replaceFragmentContent, restorePage, RESTORED_META_FIELDS } from './restore-page.js'
export { decodePageBackup, encodePageBackup, PAGE_BACKUP_FORMAT, PageBackupError } from './page-backup.js'
export { toMarkdown } from './to-markdown.js'
export { toWikitext } from './to-wikitext.js'
export { bodyToHtml, toHtml } from './to-html.js'
export { bodyToText, toText } from './to-text.js'
export { toJson, JSON_FORMAT, JSON_VERSION } from './to-json.js'
export { markdownToJson, type ImportedMarkdown } from './import-markdown.js'
export { EXPORT_FORMATS, findExportFormat, isExportFormatId, renderExport, type ExportFormat, type ExportFormatId } from './formats.js'
export { normaliseBody } from './normalise.js'
export { safeHref } from './link-policy.js'
