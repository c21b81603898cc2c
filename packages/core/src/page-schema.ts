// The editor's schema as data: every node and mark a page body may contain, named as Tiptap 3
// names them in ProseMirror JSON (and as y-tiptap stores them in `XmlFragment('body')`: a node is
// a Y.XmlElement named after its type with its attrs as XML attributes; text is a Y.XmlText whose
// formatting attributes are the marks). Exporters must cover every entry here; the editor must
// allow nothing else.

export const BLOCK_NODES = [
  'paragraph',
  'heading',
  'bulletList',
  'orderedList',
  'listItem',
  'taskList',
  'taskItem',
  'blockquote',
  'codeBlock',
  'horizontalRule',
  'table',
  'tableRow',
  'tableHeader',
  'tableCell',
  'image',
] as const

export const INLINE_NODES = ['text', 'hardBreak'] as const

export const MARKS = ['bold', 'italic', 'strike', 'code', 'link'] as const

export type BlockNodeType = (typeof BLOCK_NODES)[number]
export type InlineNodeType = (typeof INLINE_NODES)[number]
export type MarkType = (typeof MARKS)[number]

export interface PmMark {
  type: MarkType | string
  attrs?: Record<string, unknown>
}

/** A ProseMirror node as JSON (`editor.getJSON()`), the input of every exporter. */
export interface PmNode {
  type: 'doc' | BlockNodeType | InlineNodeType | string
  attrs?: Record<string, unknown>
  content?: PmNode[]
  text?: string
  marks?: PmMark[]
}

/**
 * The attributes each node and mark carries, with their defaults, as the editor stores them
 * (ProseMirror attrs; y-tiptap writes a node's as XML attributes of its Y.XmlElement, a mark's as
 * the value of its formatting attribute). Nodes and marks not listed have none. The editor's
 * schema is checked against these lists and the ones above (apps/web/src/features/editor/tiptap/page-extensions.test.ts).
 */
export const NODE_ATTRS = {
  heading: { level: 1 },
  orderedList: { start: 1, type: null },
  taskItem: { checked: false },
  codeBlock: { language: null },
  tableCell: { colspan: 1, rowspan: 1, colwidth: null, align: null },
  tableHeader: { colspan: 1, rowspan: 1, colwidth: null, align: null },
  // A photo of the page (photo-address.ts): `src` is `/api/pages/<pageId>/files/<sha256>`, `alt`
  // what it shows in words, `width` and `height` its size in pixels once resized.
  image: { src: null, alt: null, width: null, height: null },
} as const satisfies Partial<Record<BlockNodeType | InlineNodeType, Readonly<Record<string, unknown>>>>

export const MARK_ATTRS = {
  link: { href: null, target: null, rel: null, class: null, title: null },
} as const satisfies Partial<Record<MarkType, Readonly<Record<string, unknown>>>>

/** Headings the editor offers (h1 is the page title's level in exports). */
export const HEADING_LEVELS = [1, 2, 3, 4] as const
