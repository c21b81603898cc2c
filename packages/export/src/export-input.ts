// What every exporter takes: a page already read out of its Y.Doc, so exporters stay pure
// functions of plain data and run the same in the browser and on the server.
import type { PageMeta, PmNode } from '@carnet/core'

/** A photo's bytes and their image type, as the archive (or the browser's copy) holds them. */
export interface PhotoBytes {
  type: string
  data: Uint8Array
}

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
  /**
   * The page's photos, by SHA-256: the standalone HTML carries them inside it (data URIs). Exporters
   * read nothing themselves; a photo missing here is written as its description and address.
   */
  photos?: ReadonlyMap<string, PhotoBytes>
  /**
   * The server's public address (`CARNET_PUBLIC_URL`, or the one it is reached at), which Markdown
   * and wikitext link photos under; without it, the part of `url` before `/p/<id>`.
   */
  publicUrl?: string
}
