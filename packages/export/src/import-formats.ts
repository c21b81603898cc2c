// The import formats as data — what `POST /api/import?format=` accepts, which file names and types
// the app's "Importer une page…" recognises, and which can be read in the browser (offline too)
// rather than only by the server.
export const IMPORT_FORMATS = [
  { id: 'md', label: 'Markdown', extensions: ['md', 'markdown', 'txt'], contentTypes: ['text/markdown', 'text/x-markdown', 'text/plain'], inBrowser: true },
  {
    id: 'wiki',
    label: 'Wikitexte (MediaWiki)',
    extensions: ['wiki', 'wikitext', 'mediawiki', 'mw'],
    contentTypes: ['text/x-wiki'],
    inBrowser: true,
    // wikiparser-node takes seconds and hundreds of megabytes for a few hundred kilobytes of
    // tables: a larger page is read by the server, in a worker, rather than freezing the tab.
    browserMaxBytes: 256 * 1024,
  },
  { id: 'html', label: 'Page web (HTML)', extensions: ['html', 'htm', 'xhtml'], contentTypes: ['text/html', 'application/xhtml+xml'], inBrowser: true },
  {
    id: 'docx',
    label: 'Document Word (.docx)',
    extensions: ['docx'],
    contentTypes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    // mammoth is too large for the app: the server reads .docx files.
    inBrowser: false,
  },
  // A `.yjs` file is a page's Yjs state alone (the `yjs` export): read as a backup without photos.
  { id: 'carnet', label: 'Sauvegarde Carnet (.carnet)', extensions: ['carnet', 'yjs'], contentTypes: [], inBrowser: true },
] as const

export type ImportFormat = (typeof IMPORT_FORMATS)[number]
export type ImportFormatId = ImportFormat['id']

/** Whether the app reads a file of this format and size itself (offline too), or sends it to the server. */
export function readsInBrowser(format: ImportFormat, bytes: number): boolean {
  return format.inBrowser && bytes <= ('browserMaxBytes' in format ? format.browserMaxBytes : Number.POSITIVE_INFINITY)
}

/** The formats' names for messages: "md, wiki, html, docx ou carnet". */
export const IMPORT_FORMAT_IDS: readonly ImportFormatId[] = IMPORT_FORMATS.map((format) => format.id)

export function findImportFormat(id: unknown): ImportFormat | null {
  return IMPORT_FORMATS.find((format) => format.id === id) ?? null
}

/** The format a file's name (its extension), or failing that its type, says it is in. */
export function importFormatOfFile(name: string, type = ''): ImportFormat | null {
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase()
  const byName = extension ? IMPORT_FORMATS.find((format) => (format.extensions as readonly string[]).includes(extension)) : undefined
  if (byName) return byName
  const mime = type.split(';')[0]?.trim().toLowerCase() ?? ''
  return IMPORT_FORMATS.find((format) => (format.contentTypes as readonly string[]).includes(mime)) ?? null
}

/** What a file picker accepts: every extension and type above. */
export const IMPORT_ACCEPT = IMPORT_FORMATS.flatMap((format) => [...format.extensions.map((extension) => `.${extension}`), ...format.contentTypes]).join(',')
