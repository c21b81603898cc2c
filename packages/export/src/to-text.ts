// A page as plain text, for e-mail bodies and anything that shows no formatting: headings
// underlined (=, -, ~ by level), "- " / "1. " / "[ ] " list items indented under their parent, quotes prefixed by
// "> ", code indented, tables as aligned columns, link targets written after their text, photos as
// their description ("[Photo : …]").
import type { PmNode } from '@carnet/core'
import type { ExportInput } from './export-input.js'
import { inlineTree, type InlineTree } from './inline-tree.js'
import { safeHref } from './link-policy.js'
import { exportedFact, headerFacts, LABEL_SEPARATOR, pageTitle, sourceFact } from './page-facts.js'
import { pagePhoto, photoCaption } from './page-photos.js'
import {
  blockChildren,
  cellSpan,
  codeText,
  flattenToInline,
  headingLevel,
  inlineChildren,
  isChecked,
  listItemsOf,
  orderedListStart,
  tableRowsOf,
} from './read-body.js'

function inlineText(trees: InlineTree[]): string {
  return trees
    .map((tree) => {
      if (tree.kind === 'text') return tree.text
      if (tree.kind === 'break') return '\n'
      const inner = inlineText(tree.children)
      if (tree.mark.type !== 'link') return inner
      const href = safeHref(tree.mark.href)
      const shown = href?.replace(/^mailto:/i, '')
      return href && shown !== inner.trim() ? `${inner} (${href})` : inner
    })
    .join('')
}

function textOf(node: PmNode): string {
  return inlineText(inlineTree(inlineChildren(node)))
}

/** Width of a line as a reader counts characters (an accented letter is one). */
function widthOf(text: string): number {
  return Array.from(text.normalize('NFC')).length
}

function underline(text: string, char: string): string[] {
  const lines = text.split('\n')
  const width = Math.max(...lines.map(widthOf))
  return [...lines, char.repeat(Math.max(3, width))]
}

function headingLines(node: PmNode): string[] {
  const text = textOf(node).trim()
  if (!text) return []
  const level = headingLevel(node)
  if (level === 1) return underline(text, '=')
  if (level === 2) return underline(text, '-')
  if (level === 3) return underline(text, '~')
  return text.split('\n')
}

function indentLines(lines: string[], first: string, rest: string): string[] {
  return lines.map((line, index) => (line.length === 0 ? '' : (index === 0 ? first : rest) + line))
}

function listLines(list: PmNode): string[] {
  const start = orderedListStart(list)
  return listItemsOf(list).flatMap((item, index) => {
    const marker =
      list.type === 'orderedList' ? `${start + index}. ` : list.type === 'taskList' ? (isChecked(item) ? '[x] ' : '[ ] ') : '- '
    const inner = joinBlocks(renderBlocks(blockChildren(item)), true)
    return indentLines(inner.length > 0 ? inner : [''], marker, ' '.repeat(marker.length)).map((line, i) =>
      i === 0 && line === '' ? marker.trimEnd() : line,
    )
  })
}

function tableLines(node: PmNode): string[] {
  const rows = tableRowsOf(node).map((cells) =>
    cells.flatMap((cell) => {
      const text = inlineText(inlineTree(flattenToInline(blockChildren(cell)))).replace(/\s*\n\s*/g, ' / ').trim()
      return [text, ...Array<string>(cellSpan(cell, 'colspan') - 1).fill('')]
    }),
  )
  const columns = Math.max(0, ...rows.map((row) => row.length))
  if (rows.length === 0 || columns === 0) return []
  const widths = Array.from({ length: columns }, (_, column) => Math.max(1, ...rows.map((row) => widthOf(row[column] ?? ''))))
  const line = (cells: string[]): string =>
    `| ${widths.map((width, column) => (cells[column] ?? '') + ' '.repeat(width - widthOf(cells[column] ?? ''))).join(' | ')} |`
  const separator = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`
  const [first, ...rest] = rows
  const firstIsHeader = tableRowsOf(node)[0]?.every((cell) => cell.type === 'tableHeader') ?? false
  return firstIsHeader ? [line(first ?? []), separator, ...rest.map(line)] : rows.map(line)
}

function renderBlock(node: PmNode): string[] {
  switch (node.type) {
    case 'paragraph': {
      const text = textOf(node)
      return text.trim() ? text.split('\n') : []
    }
    case 'heading':
      return headingLines(node)
    case 'bulletList':
    case 'orderedList':
    case 'taskList':
      return listLines(node)
    case 'blockquote':
      return joinBlocks(renderBlocks(blockChildren(node)), false).map((line) => (line ? `> ${line}` : '>'))
    case 'codeBlock':
      return indentLines(codeText(node).split('\n'), '    ', '    ')
    case 'horizontalRule':
      return ['* * *']
    case 'table':
      return tableLines(node)
    case 'image': {
      // Plain text shows what the photo shows, in words.
      const photo = pagePhoto(node)
      return photo ? [`[${photoCaption(photo)}]`] : []
    }
    default:
      return joinBlocks(renderBlocks(blockChildren(node)), false)
  }
}

interface RenderedBlock {
  type: string
  lines: string[]
}

function renderBlocks(nodes: PmNode[]): RenderedBlock[] {
  return nodes.map((node) => ({ type: node.type, lines: renderBlock(node) })).filter((block) => block.lines.length > 0)
}

const LIST_TYPES = new Set(['bulletList', 'orderedList', 'taskList'])

/** Blank lines between blocks; inside a list item, a nested list follows its paragraph directly. */
function joinBlocks(blocks: RenderedBlock[], tight: boolean): string[] {
  return blocks.flatMap((block, index) => {
    const previous = blocks[index - 1]
    const close = tight && previous?.type === 'paragraph' && LIST_TYPES.has(block.type)
    return previous && !close ? ['', ...block.lines] : block.lines
  })
}

/** Only the body, as the document has it: for comparing two versions of a page. */
export function bodyToText(body: PmNode): string {
  return joinBlocks(renderBlocks(blockChildren(body)), false).join('\n')
}

/** The page as plain text: the title underlined, the facts, the body, then where it came from. */
export function toText(input: ExportInput): string {
  const facts = headerFacts(input).map((fact) => `${fact.label}${LABEL_SEPARATOR}${fact.text}${fact.href ? ` — ${fact.href}` : ''}`)
  const source = sourceFact(input)
  const footer = [...(source ? [`${source.label}${LABEL_SEPARATOR}${source.text}`] : []), exportedFact(input).text]
  const sections = [underline(pageTitle(input), '='), facts, joinBlocks(renderBlocks(blockChildren(input.body)), false), ['* * *', ...footer]]
  return `${sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n'))
    .join('\n\n')}\n`
}
