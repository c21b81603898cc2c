// Reads a page body defensively. The body comes out of a Y.Doc that any client may have written,
// so exporters never trust its shape: stray inline content is wrapped in paragraphs, unknown
// containers are unwrapped, and every attr is checked before it reaches an output format.
import { BLOCK_NODES, type PmNode } from '@carnet/core'
import { pagePhoto, photoCaption } from './page-photos.js'

const BLOCK_TYPES: ReadonlySet<string> = new Set(BLOCK_NODES)

export function isInlineNode(node: PmNode): boolean {
  if (node.type === 'text' || node.type === 'hardBreak') return true
  return !BLOCK_TYPES.has(node.type) && typeof node.text === 'string'
}

/** The block children of a container: runs of inline nodes become paragraphs, unknown containers give their own blocks. */
export function blockChildren(node: PmNode): PmNode[] {
  const blocks: PmNode[] = []
  let inlineRun: PmNode[] = []
  const flushInline = (): void => {
    if (inlineRun.length > 0) blocks.push({ type: 'paragraph', content: inlineRun })
    inlineRun = []
  }
  for (const child of node.content ?? []) {
    if (isInlineNode(child)) {
      inlineRun.push(child)
    } else if (BLOCK_TYPES.has(child.type)) {
      flushInline()
      blocks.push(child)
    } else {
      flushInline()
      blocks.push(...blockChildren(child))
    }
  }
  flushInline()
  return blocks
}

/** The inline content of a textblock, flattened: unknown wrappers give their text, nested blocks their inline content. */
export function inlineChildren(node: PmNode): PmNode[] {
  const inline: PmNode[] = []
  for (const child of node.content ?? []) {
    if (child.type === 'hardBreak') inline.push(child)
    else if (typeof child.text === 'string') inline.push(child.type === 'text' ? child : { ...child, type: 'text' })
    else inline.push(...inlineChildren(child))
  }
  return inline
}

/** Blocks squeezed into one line of inline content (for table cells), each block after a hard break. */
export function flattenToInline(blocks: PmNode[]): PmNode[] {
  const lines: PmNode[][] = []
  const visit = (block: PmNode): void => {
    if (block.type === 'codeBlock') {
      for (const line of codeText(block).split('\n')) {
        lines.push(line ? [{ type: 'text', text: line, marks: [{ type: 'code' }] }] : [])
      }
    } else if (block.type === 'paragraph' || block.type === 'heading') {
      lines.push(inlineChildren(block))
    } else if (block.type === 'taskItem') {
      // A task's state is content: it survives flattening as the box a reader would tick.
      const [first, ...rest] = blockChildren(block)
      lines.push([{ type: 'text', text: isChecked(block) ? '☑ ' : '☐ ' }, ...(first ? flattenToInline([first]) : [])])
      rest.forEach(visit)
    } else if (block.type === 'image') {
      const photo = pagePhoto(block)
      if (photo) lines.push([{ type: 'text', text: `[${photoCaption(photo)}]` }])
    } else if (block.type !== 'horizontalRule') {
      blockChildren(block).forEach(visit)
    }
  }
  blocks.forEach(visit)
  return lines.filter((line) => line.length > 0).flatMap((line, index) => (index === 0 ? line : [{ type: 'hardBreak' }, ...line]))
}

/** Text of a code block, with Windows line endings folded. */
export function codeText(node: PmNode): string {
  return plainText(node).replace(/\r\n?/g, '\n')
}

/** Text of any node on one line, spaces collapsed: a heading read as a page's title. */
export function oneLineText(node: PmNode): string {
  return plainText(node).replace(/\s+/g, ' ').trim()
}

/** Text of any node; hard breaks count as line breaks. */
export function plainText(node: PmNode): string {
  if (node.type === 'hardBreak') return '\n'
  if (typeof node.text === 'string') return node.text
  return (node.content ?? []).map(plainText).join('')
}

function attr(node: PmNode, name: string): unknown {
  return node.attrs?.[name]
}

function integerAttr(node: PmNode, name: string, min: number, max: number, fallback: number): number {
  const raw = attr(node, name)
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : fallback
}

export function headingLevel(node: PmNode): 1 | 2 | 3 | 4 | 5 | 6 {
  return integerAttr(node, 'level', 1, 6, 1) as 1 | 2 | 3 | 4 | 5 | 6
}

/** Markdown and HTML both accept list numbers up to nine digits. */
export function orderedListStart(node: PmNode): number {
  return integerAttr(node, 'start', 0, 999_999_999, 1)
}

export function isChecked(node: PmNode): boolean {
  const checked = attr(node, 'checked')
  return checked === true || checked === 'true'
}

export function cellSpan(node: PmNode, name: 'colspan' | 'rowspan'): number {
  return integerAttr(node, name, 1, 1000, 1)
}

// Language names end up in a Markdown info string, a wikitext attribute and an HTML class:
// only names made of these characters (`js`, `c++`, `objective-c`, `c#`) are kept.
const LANGUAGE_NAME = /^[A-Za-z0-9_+#.-]{1,40}$/

export function codeLanguage(node: PmNode): string | null {
  const language = attr(node, 'language')
  return typeof language === 'string' && LANGUAGE_NAME.test(language) ? language : null
}

export function listItemsOf(list: PmNode): PmNode[] {
  return (list.content ?? []).filter((item) => !isInlineNode(item))
}

export function tableRowsOf(table: PmNode): PmNode[][] {
  return (table.content ?? [])
    .filter((row) => row.type === 'tableRow')
    .map((row) => (row.content ?? []).filter((cell) => cell.type === 'tableCell' || cell.type === 'tableHeader'))
}
