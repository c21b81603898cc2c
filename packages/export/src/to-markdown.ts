// A page as CommonMark + GFM, the format organisers paste into forges, pads and static sites.
// Block layout follows what CommonMark needs to read the same structure back: blank lines between
// blocks, tight lists, container prefixes on every line, sibling lists told apart by their marker,
// fences longer than any backtick run inside. The title, facts and footer are laid out so that
// `markdownToJson` recognises them and gives back the body alone. Photos are images linked by
// their absolute address on the public server.
import type { PmNode } from '@carnet/core'
import type { ExportInput } from './export-input.js'
import { markdownImage, markdownInline, markdownText } from './markdown-inline.js'
import { pagePhoto, photoUrl } from './page-photos.js'
import { exportedFact, headerFacts, LABEL_SEPARATOR, pageTitle, sourceFact } from './page-facts.js'
import {
  blockChildren,
  cellSpan,
  codeLanguage,
  codeText,
  flattenToInline,
  headingLevel,
  inlineChildren,
  isChecked,
  listItemsOf,
  orderedListStart,
  tableRowsOf,
} from './read-body.js'

/** A photo's Markdown (`![description](address)`), '' for an image that is not one of Carnet's photos. */
type PhotoSource = (node: PmNode) => string

/** Photos linked by absolute URL under the public address when the export knows it, else by their path. */
function photoSource(input: ExportInput | null): PhotoSource {
  return (node) => {
    const photo = pagePhoto(node)
    return photo ? markdownImage(photo.alt, input ? photoUrl(input, photo) : photo.path) : ''
  }
}

interface RenderedBlock {
  type: string
  lines: string[]
  /** Whether this block may follow a paragraph line without a blank line (a list that can interrupt it). */
  interruptsParagraph: boolean
  /** The list marker used, so that the next sibling list picks the other one and stays separate. */
  listMarker?: '-' | '*' | '.' | ')'
}

function prefixLines(lines: string[], first: string, rest: string, blank: string): string[] {
  return lines.map((line, index) => {
    if (index === 0) return line.length > 0 ? first + line : first.trimEnd()
    return line.length > 0 ? rest + line : blank
  })
}

function paragraphLines(node: PmNode): string[] {
  const source = markdownInline(inlineChildren(node), 'paragraph')
  return source.length > 0 ? source.split('\n') : []
}

function headingLine(node: PmNode): string {
  const marker = '#'.repeat(headingLevel(node))
  const text = markdownInline(inlineChildren(node), 'heading')
  return text.length > 0 ? `${marker} ${text}` : marker
}

function codeBlockLines(node: PmNode): string[] {
  const code = codeText(node)
  const longest = Math.max(0, ...Array.from(code.matchAll(/`+/g), (match) => match[0].length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return [`${fence}${codeLanguage(node) ?? ''}`, ...(code.length > 0 ? code.split('\n') : []), fence]
}

const INLINE_BLOCKS: ReadonlySet<string> = new Set(['paragraph', 'heading', 'codeBlock', 'horizontalRule'])

/**
 * A cell's blocks on one line. GFM cells hold inline content only, so a cell's lists are written
 * as inline HTML (`<ul><li>…</li></ul>`, Markdown inside still read as Markdown) rather than
 * flattened into lines, and the import reads them back as lists; other blocks are lines.
 */
function cellSource(blocks: PmNode[], photo: PhotoSource): string {
  const parts: Array<{ html: boolean; source: string }> = []
  let run: PmNode[] = []
  const flush = (): void => {
    const source = markdownInline(flattenToInline(run), 'tableCell')
    if (source) parts.push({ html: false, source })
    run = []
  }
  for (const block of blocks) {
    if (INLINE_BLOCKS.has(block.type)) {
      run.push(block)
      continue
    }
    flush()
    if (block.type === 'bulletList' || block.type === 'orderedList' || block.type === 'taskList') {
      const start = block.type === 'orderedList' ? orderedListStart(block) : 1
      const open = block.type === 'orderedList' ? (start !== 1 ? `<ol start="${start}">` : '<ol>') : '<ul>'
      const items = listItemsOf(block).map((item) => {
        const box = block.type === 'taskList' ? (isChecked(item) ? '☑ ' : '☐ ') : ''
        return `<li>${box}${cellSource(blockChildren(item), photo)}</li>`
      })
      parts.push({ html: true, source: `${open}${items.join('')}${block.type === 'orderedList' ? '</ol>' : '</ul>'}` })
    } else if (block.type === 'image') {
      const source = photo(block)
      if (source) parts.push({ html: false, source })
    } else {
      const source = cellSource(blockChildren(block), photo)
      if (source) parts.push({ html: false, source })
    }
  }
  flush()
  // Two lines of text are kept apart by a break; a list needs none.
  return parts.reduce((joined, part, index) => (index === 0 || part.html || parts[index - 1]?.html ? joined + part.source : `${joined}<br>${part.source}`), '')
}

const DELIMITER_ROW: Readonly<Record<string, string>> = { left: ':---', center: ':---:', right: '---:' }

function tableLines(node: PmNode, photo: PhotoSource): string[] {
  const tableRows = tableRowsOf(node)
  // A column's alignment is its first aligned cell's, as GFM has one per column.
  const aligns: Array<string | undefined> = []
  for (const cells of tableRows) {
    let column = 0
    for (const cell of cells) {
      const align = cell.attrs?.['align']
      if (typeof align === 'string' && aligns[column] === undefined && DELIMITER_ROW[align]) aligns[column] = align
      column += cellSpan(cell, 'colspan')
    }
  }
  const rows = tableRows.map((cells) =>
    cells.flatMap((cell) => {
      const source = cellSource(blockChildren(cell), photo)
      // GFM has no spanning cells: a wide cell is followed by empty ones to keep the columns.
      return [source, ...Array<string>(cellSpan(cell, 'colspan') - 1).fill('')]
    }),
  )
  const width = Math.max(0, ...rows.map((row) => row.length))
  if (rows.length === 0 || width === 0) return []
  const line = (cells: string[]): string =>
    `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`.replace(/ {2}\|/g, ' |')
  // GFM requires a header row: the first row serves, whatever its cells are.
  const [header, ...body] = rows
  const delimiters = Array.from({ length: width }, (_, i) => DELIMITER_ROW[aligns[i] ?? ''] ?? '---')
  return [line(header ?? []), line(delimiters), ...body.map(line)]
}

function listItemLines(item: PmNode, marker: string, taskBox: string | null, photo: PhotoSource): string[] {
  // Markdown has no empty paragraph: an item that starts with one reads back as starting with
  // what follows, so it is written that way.
  const children = blockChildren(item).filter((child) => child.type !== 'paragraph' || paragraphLines(child).length > 0)
  const head = children[0]?.type === 'paragraph' ? children[0] : null
  const headLines = head ? paragraphLines(head) : []
  if (taskBox !== null) headLines[0] = headLines.length > 0 ? `${taskBox} ${headLines[0] ?? ''}` : taskBox
  const rest = renderBlocks(head ? children.slice(1) : children, photo)
  // An item whose first paragraph is empty starts with its marker alone; the content must follow
  // on the very next line (a blank line there would end the item).
  const lines =
    headLines.length > 0
      ? joinBlocks([{ type: 'paragraph', lines: headLines, interruptsParagraph: false }, ...rest], true)
      : ['', ...joinBlocks(rest, true)]
  return prefixLines(lines, marker, ' '.repeat(marker.length), '')
}

function listBlock(node: PmNode, previous: RenderedBlock | undefined, photo: PhotoSource): RenderedBlock {
  const items = listItemsOf(node)
  if (node.type === 'orderedList') {
    const marker = previous?.listMarker === '.' ? ')' : '.'
    const start = orderedListStart(node)
    const lines = items.flatMap((item, index) => listItemLines(item, `${start + index}${marker} `, null, photo))
    // Only a list numbered from 1 may interrupt a paragraph; any other start needs a blank line.
    return { type: node.type, lines, interruptsParagraph: start === 1 && (lines[0]?.length ?? 0) > 3, listMarker: marker }
  }
  const marker = previous?.listMarker === '-' ? '*' : '-'
  const lines = items.flatMap((item) =>
    listItemLines(item, `${marker} `, node.type === 'taskList' ? (isChecked(item) ? '[x]' : '[ ]') : null, photo),
  )
  return { type: node.type, lines, interruptsParagraph: (lines[0]?.length ?? 0) > 1, listMarker: marker }
}

function renderBlock(node: PmNode, previous: RenderedBlock | undefined, photo: PhotoSource): RenderedBlock {
  const block = (lines: string[]): RenderedBlock => ({ type: node.type, lines, interruptsParagraph: false })
  switch (node.type) {
    case 'paragraph':
      return block(paragraphLines(node))
    case 'heading':
      return block([headingLine(node)])
    case 'bulletList':
    case 'orderedList':
    case 'taskList':
      return listBlock(node, previous, photo)
    case 'blockquote': {
      const inner = joinBlocks(renderBlocks(blockChildren(node), photo), false)
      return block(inner.length > 0 ? prefixLines(inner, '> ', '> ', '>') : ['>'])
    }
    case 'codeBlock':
      return block(codeBlockLines(node))
    case 'horizontalRule':
      return block(['---'])
    case 'table':
      return block(tableLines(node, photo))
    case 'image': {
      const source = photo(node)
      return block(source ? [source] : [])
    }
    default:
      // A list item or table part out of place, or a node type from a newer editor: keep its content.
      return block(joinBlocks(renderBlocks(blockChildren(node), photo), false))
  }
}

function renderBlocks(nodes: PmNode[], photo: PhotoSource): RenderedBlock[] {
  const rendered: RenderedBlock[] = []
  for (const node of nodes) {
    const block = renderBlock(node, rendered[rendered.length - 1], photo)
    // Markdown has no empty paragraph: an empty block leaves no trace.
    if (block.lines.length > 0) rendered.push(block)
  }
  return rendered
}

function joinBlocks(blocks: RenderedBlock[], tight: boolean): string[] {
  const lines: string[] = []
  blocks.forEach((block, index) => {
    const previous = blocks[index - 1]
    // A paragraph that is a lone `<br>` reads as an HTML block, which only a blank line ends.
    const tightAfter = tight && previous?.type === 'paragraph' && previous.lines[0] !== '<br>'
    if (previous && !(tightAfter && block.interruptsParagraph)) lines.push('')
    lines.push(...block.lines)
  })
  return lines
}

// Fact values are one line of text after a label, so they are escaped as heading text is
// (nothing can start a block mid-line; `#` is escaped all the same).
function factsParagraph(input: ExportInput): string[] {
  return headerFacts(input).map((fact, index, facts) => {
    const value = fact.href ? `${markdownText(fact.text, 'heading')} — <${fact.href}>` : markdownText(fact.text, 'heading')
    return `${fact.label}${LABEL_SEPARATOR}${value}${index < facts.length - 1 ? '\\' : ''}`
  })
}

function footerParagraph(input: ExportInput): string[] {
  const source = sourceFact(input)
  const lines: string[] = []
  if (source) {
    const value = source.href && !/[\s<>]/.test(source.href) ? `<${source.href}>` : markdownText(source.text, 'heading')
    lines.push(`${source.label}${LABEL_SEPARATOR}${value}\\`)
  }
  lines.push(exportedFact(input).text)
  return lines
}

/** A body alone as CommonMark + GFM (no title, facts or footer). */
export function bodyToMarkdown(body: PmNode): string {
  return joinBlocks(renderBlocks(blockChildren(body), photoSource(null)), false).join('\n')
}

/** The page as CommonMark + GFM: `# Title`, the facts, the body, then a rule and where it came from. */
export function toMarkdown(input: ExportInput): string {
  const body = joinBlocks(renderBlocks(blockChildren(input.body), photoSource(input)), false)
  const sections = [[`# ${markdownText(pageTitle(input), 'heading')}`], factsParagraph(input), body, ['---'], footerParagraph(input)]
  return `${sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n'))
    .join('\n\n')}\n`
}
