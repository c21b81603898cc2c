// @carnet/export: pure functions from a page to the formats organisers publish in, and back. The
// importers (the wikitext parser alone is ~30 KB gzipped) and the .docx reader and writer
// (mammoth, docx: large) are not re-exported here, so that an export does not load them: import
// '@carnet/export/import-document', '…/import-docx' and '…/to-docx' where they are wanted.
// No DOM, no Node APIs: the same code runs in the PWA and in the relay. They build on the page's
// Y.Doc ↔ JSON mapping, which is page model and lives in @carnet/core (from-ydoc, to-ydoc).
export type { ExportInput, PhotoBytes } from './export-input.js'
export { replaceFragmentContent, restorePage, RESTORED_META_FIELDS } from './restore-page.js'
export { decodePageBackup, encodePageBackup, rehomePhotos, PAGE_BACKUP_FORMAT, PAGE_BACKUP_VERSION, PageBackupError, YJS_STATE_FORMAT, type BackupPhoto, type PageBackup } from './page-backup.js'
export { toMarkdown } from './to-markdown.js'
export { toWikitext } from './to-wikitext.js'
export { bodyToHtml, toHtml } from './to-html.js'
export { bodyToText, toText } from './to-text.js'
export { toJson, JSON_FORMAT, JSON_VERSION } from './to-json.js'
export { markdownToJson, type ImportedMarkdown } from './import-markdown.js'
export { EXPORT_FORMATS, findExportFormat, isExportFormatId, renderExport, type ExportFormat, type ExportFormatId } from './formats.js'
export { normaliseBody } from './normalise.js'
export { safeHref } from './link-policy.js'
export { wikiPageName, DEFAULT_CATEGORY_NAMESPACE } from './to-wikitext.js'
export { IMPORT_ACCEPT, IMPORT_FORMATS, IMPORT_FORMAT_IDS, findImportFormat, importFormatOfFile, type ImportFormat, type ImportFormatId } from './import-formats.js'
export { ImportError, type ImportedPage, type ImportRefusal } from './imported-page.js'
