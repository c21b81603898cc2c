// What every importer gives back, whatever the file it read: the page's title, tags and date when
// the file says them, and its body as ProseMirror JSON in the editor's schema. The reasons an
// import is refused are named here once, so the API and the app word them the same way.
import type { PmNode } from '@carnet/core'

export interface ImportedPage {
  /** From the file (a leading heading, front matter, `<title>`); null when it names none. */
  title: string | null
  /** Tags the file names (front matter `tags`, wiki categories). */
  tags: string[]
  /** The meeting's day, `YYYY-MM-DD`, when the file gives one. */
  date: string | null
  /** Where the meeting took place, when the file says. */
  place: string | null
  /** A `doc` node, valid for the editor and within the page limits. */
  body: PmNode
}

export type ImportRefusal =
  /** The bytes are not what the format says (not UTF-8 text, not a .docx, not a Yjs update). */
  | 'unreadable'
  /** A .carnet file that holds no page. */
  | 'not-a-page'
  /** Nested past the page limits (packages/core/src/page-limits.ts). */
  | 'too-deep'
  /** Nothing to make a page of. */
  | 'empty'

export class ImportError extends Error {
  constructor(
    readonly reason: ImportRefusal,
    message: string,
  ) {
    super(message)
    this.name = 'ImportError'
  }
}
