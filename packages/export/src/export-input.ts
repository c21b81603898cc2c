// What every exporter takes: a page already read out of its Y.Doc, so exporters stay pure
// functions of plain data and run the same in the browser and on the server.
import type { PageMeta, PmNode } from '@carnet/core'

export interface ExportInput {
  /** The page id (`[a-z0-9-]{3,64}`). */
  id: string
  meta: PageMeta
  /** The page body as ProseMirror JSON (a `doc` node). */
  body: PmNode
  /** The page's address, shown as a "Source" line so a printed copy leads back to the live page. */
  url?: string
  /** When the export was made; omitted, exports carry no date and stay reproducible. */
  exportedAt?: Date
  /** The wiki's name for the category namespace (`CARNET_WIKI_CATEGORY`); `Catégorie` by default. */
  wikiCategoryNamespace?: string
}
