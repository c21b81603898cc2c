// A page as a Word document (.docx, Office Open XML), for partners who work in word processors:
// written with the `docx` library, so Word and LibreOffice open it with real headings (their
// built-in heading styles: the navigation pane and tables of contents work), real numbered and
// bulleted lists, tables, links, and the same facts and footer as the other exports. Quotes and
// code get styles of their own ("Quote", "Code") that a reader — and Carnet's .docx import — can
// recognise; photos are pictures with their description as alt text. Runs where `docx` runs: the
// relay serves it (`?format=docx`); the app asks the relay.
import type { PmNode } from '@carnet/core'
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx'
import type { ExportInput } from './export-input.js'
import { inlineTree, type InlineTree } from './inline-tree.js'
import { hrefKind, safeHref } from './link-policy.js'
import { exportedFact, headerFacts, LABEL_SEPARATOR, pageTitle, sourceFact } from './page-facts.js'
import { pagePhoto, photoBytes, photoCaption, photoUrl } from './page-photos.js'
import { blockChildren, cellSpan, codeText, headingLevel, inlineChildren, isChecked, listItemsOf, orderedListStart, tableRowsOf } from './read-body.js'

export const DOCX_FORMAT = {
  id: 'docx',
  label: 'Document Word (.docx)',
  extension: 'docx',
  contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6] as const
const MONOSPACE = 'Courier New'
/** A character style, so that code reads back as code (a font alone says nothing). */
const INLINE_CODE_STYLE = 'InlineCode'
const BULLETS = '•◦▪•◦▪•◦▪'
/** Word lists have nine levels (0–8); deeper items stay at the ninth. */
const MAX_LIST_LEVEL = 8
const ALIGNMENT_OF: Readonly<Record<string, (typeof AlignmentType)[keyof typeof AlignmentType]>> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
}

interface Build {
  /** The export's input: its photos' bytes, and the public address others are linked under. */
  input: ExportInput
  /** Numbered lists restart at their own start: one numbering definition per distinct start. */
  numberedStarts: Set<number>
  /** Each list is an instance of its numbering, so that two lists do not continue each other. */
  nextInstance: number
}

interface RunStyle {
  bold?: boolean
  italics?: boolean
  strike?: boolean
  code?: boolean
}

function runsOf(trees: InlineTree[], style: RunStyle = {}): ParagraphChild[] {
  return trees.flatMap((tree): ParagraphChild[] => {
    if (tree.kind === 'break') return [new TextRun({ break: 1 })]
    if (tree.kind === 'text') {
      return [
        new TextRun({
          text: tree.text,
          bold: style.bold,
          italics: style.italics,
          strike: style.strike,
          ...(style.code ? { style: INLINE_CODE_STYLE } : {}),
        }),
      ]
    }
    const { mark, children } = tree
    if (mark.type === 'link') {
      const href = safeHref(mark.href)
      // Word resolves only whole addresses; anchors and relative paths keep their text.
      if (!href || hrefKind(href) !== 'web') return runsOf(children, style)
      const inner = relinked(children, style)
      return [new ExternalHyperlink({ link: href, children: inner.length > 0 ? inner : [new TextRun({ text: href, style: 'Hyperlink' })] })]
    }
    const next: RunStyle = { ...style, ...(mark.type === 'bold' ? { bold: true } : mark.type === 'italic' ? { italics: true } : mark.type === 'strike' ? { strike: true } : { code: true }) }
    return runsOf(children, next)
  })
}

/** The runs inside a link, in Word's "Hyperlink" character style (blue, underlined). */
function relinked(children: InlineTree[], style: RunStyle): TextRun[] {
  return children.flatMap((tree): TextRun[] => {
    if (tree.kind === 'break') return [new TextRun({ break: 1 })]
    if (tree.kind === 'text') return [new TextRun({ text: tree.text, style: 'Hyperlink', bold: style.bold, italics: style.italics, strike: style.strike, ...(style.code ? { font: MONOSPACE } : {}) })]
    const { mark } = tree
    const next: RunStyle = { ...style, ...(mark.type === 'bold' ? { bold: true } : mark.type === 'italic' ? { italics: true } : mark.type === 'strike' ? { strike: true } : mark.type === 'code' ? { code: true } : {}) }
    return relinked(tree.children, next)
  })
}

function inlineRuns(node: PmNode, style: RunStyle = {}): ParagraphChild[] {
  return runsOf(inlineTree(inlineChildren(node)), style)
}

interface ListContext {
  reference: string
  level: number
  instance: number
}

function listBlocks(list: PmNode, build: Build, level: number): Array<Paragraph | Table> {
  const numbered = list.type === 'orderedList'
  const start = numbered ? orderedListStart(list) : 1
  if (numbered) build.numberedStarts.add(start)
  const context: ListContext = { reference: numbered ? `carnet-numbers-${start}` : 'carnet-bullets', level: Math.min(level, MAX_LIST_LEVEL), instance: build.nextInstance++ }
  return listItemsOf(list).flatMap((item) => {
    const [first, ...rest] = blockChildren(item)
    const box = list.type === 'taskList' ? [new TextRun({ text: isChecked(item) ? '☑ ' : '☐ ' })] : []
    const head = first?.type === 'paragraph' ? first : null
    const paragraph = new Paragraph({
      numbering: { reference: context.reference, level: context.level, instance: context.instance },
      children: [...box, ...(head ? inlineRuns(head) : [])],
    })
    const others = head ? rest : [first, ...rest].filter((block): block is PmNode => block !== undefined)
    return [paragraph, ...others.flatMap((block) => blockToDocx(block, build, level + 1, true))]
  })
}

function tableBlock(node: PmNode, build: Build): Table | null {
  const rows = tableRowsOf(node)
  if (rows.length === 0) return null
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (cells) =>
        new TableRow({
          // Only when true: mammoth (and so Carnet's import) reads `<w:tblHeader w:val="off"/>` as a header row.
          ...(cells.length > 0 && cells.every((cell) => cell.type === 'tableHeader') ? { tableHeader: true } : {}),
          children: cells.map((cell) => {
            const align = ALIGNMENT_OF[String(cell.attrs?.['align'] ?? '')]
            const header = cell.type === 'tableHeader'
            const content = blockChildren(cell).flatMap((block) => blockToDocx(block, build, 0, false, { header, align }))
            return new TableCell({
              columnSpan: cellSpan(cell, 'colspan'),
              rowSpan: cellSpan(cell, 'rowspan'),
              ...(header ? { shading: { fill: 'ECECE9' } } : {}),
              // Word needs a paragraph in every cell.
              children: content.length > 0 ? content : [new Paragraph({})],
            })
          }),
        }),
    ),
  })
}

interface CellContext {
  header: boolean
  align: (typeof AlignmentType)[keyof typeof AlignmentType] | undefined
}

function blockToDocx(node: PmNode, build: Build, listLevel: number, inList: boolean, cell?: CellContext): Array<Paragraph | Table> {
  const cellProps = cell?.align ? { alignment: cell.align } : {}
  const indent = inList ? { indent: { left: 720 * (Math.min(listLevel, MAX_LIST_LEVEL) + 1) } } : {}
  switch (node.type) {
    case 'paragraph':
      return [new Paragraph({ ...cellProps, ...indent, children: inlineRuns(node, cell?.header ? { bold: true } : {}) })]
    case 'heading':
      return [new Paragraph({ heading: HEADINGS[headingLevel(node) - 1], ...cellProps, children: inlineRuns(node) })]
    case 'bulletList':
    case 'orderedList':
    case 'taskList':
      return listBlocks(node, build, inList ? listLevel : 0)
    case 'blockquote':
      return blockChildren(node).flatMap((block) =>
        block.type === 'paragraph' ? [new Paragraph({ style: 'Quote', children: inlineRuns(block) })] : blockToDocx(block, build, listLevel, inList, cell),
      )
    case 'codeBlock':
      // One paragraph, lines kept apart by breaks: blank lines of code survive (readers drop empty paragraphs).
      return [new Paragraph({ style: 'Code', children: codeText(node).split('\n').map((line, index) => new TextRun({ text: line, font: MONOSPACE, ...(index > 0 ? { break: 1 } : {}) })) })]
    case 'horizontalRule':
      return [new Paragraph({ thematicBreak: true, children: [] })]
    case 'table': {
      const table = tableBlock(node, build)
      return table ? [table] : []
    }
    case 'image':
      return photoParagraphs(node, build)
    default:
      return blockChildren(node).flatMap((block) => blockToDocx(block, build, listLevel, inList, cell))
  }
}

/** Word's picture types, by the image type Carnet stores (WebP has none: such a photo is linked). */
const DOCX_IMAGE_TYPES: Readonly<Record<string, 'jpg' | 'png' | 'gif'>> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif' }
/** The width of the text on an A4 page with Word's margins, in pixels at 96 to the inch. */
const TEXT_WIDTH_PX = 600

/** The photo in the document, its description as alt text; a photo not given is linked by its description. */
function photoParagraphs(node: PmNode, build: Build): Paragraph[] {
  const photo = pagePhoto(node)
  if (!photo) return []
  const bytes = photoBytes(build.input, photo)
  const type = bytes ? DOCX_IMAGE_TYPES[bytes.type] : undefined
  if (bytes && type && photo.width && photo.height) {
    const scale = Math.min(1, TEXT_WIDTH_PX / photo.width)
    const transformation = { width: Math.round(photo.width * scale), height: Math.round(photo.height * scale) }
    return [new Paragraph({ children: [new ImageRun({ type, data: bytes.data, transformation, altText: { name: photoCaption(photo), description: photo.alt } })] })]
  }
  const url = photoUrl(build.input, photo)
  const href = safeHref(url)
  const caption = new TextRun({ text: photoCaption(photo), style: href && hrefKind(href) === 'web' ? 'Hyperlink' : undefined })
  return [new Paragraph({ children: [href && hrefKind(href) === 'web' ? new ExternalHyperlink({ link: href, children: [caption] }) : caption] })]
}

function numberingConfig(build: Build) {
  const bullets = {
    reference: 'carnet-bullets',
    levels: Array.from({ length: MAX_LIST_LEVEL + 1 }, (_, level) => ({
      level,
      format: LevelFormat.BULLET,
      text: BULLETS[level] ?? '•',
      alignment: AlignmentType.LEFT,
      style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
    })),
  }
  const numbers = [...build.numberedStarts].map((start) => ({
    reference: `carnet-numbers-${start}`,
    levels: Array.from({ length: MAX_LIST_LEVEL + 1 }, (_, level) => ({
      level,
      format: LevelFormat.DECIMAL,
      text: `%${level + 1}.`,
      start: level === 0 ? start : 1,
      alignment: AlignmentType.LEFT,
      style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
    })),
  }))
  return [bullets, ...numbers]
}

function factParagraphs(input: ExportInput): Paragraph[] {
  return headerFacts(input).map((fact) => {
    const href = safeHref(fact.href)
    const value = href && hrefKind(href) === 'web' ? [new ExternalHyperlink({ link: href, children: [new TextRun({ text: fact.text, style: 'Hyperlink' })] })] : [new TextRun({ text: fact.text })]
    return new Paragraph({ children: [new TextRun({ text: `${fact.label}${LABEL_SEPARATOR}`, bold: true }), ...value] })
  })
}

function footerParagraphs(input: ExportInput): Paragraph[] {
  const paragraphs: Paragraph[] = [new Paragraph({ thematicBreak: true, children: [] })]
  const source = sourceFact(input)
  if (source) {
    const href = safeHref(source.href)
    const value = href && hrefKind(href) === 'web' ? new ExternalHyperlink({ link: href, children: [new TextRun({ text: source.text, style: 'Hyperlink' })] }) : new TextRun({ text: source.text })
    paragraphs.push(new Paragraph({ children: [new TextRun({ text: `${source.label}${LABEL_SEPARATOR}` }), value] }))
  }
  paragraphs.push(new Paragraph({ children: [new TextRun({ text: exportedFact(input).text })] }))
  return paragraphs
}

/** The page as a Word document: the title (Word's "Title" style), the facts, the body, then a rule and where it came from. */
export function toDocxDocument(input: ExportInput): Document {
  const build: Build = { input, numberedStarts: new Set(), nextInstance: 0 }
  const title = pageTitle(input)
  const body = blockChildren(input.body).flatMap((block) => blockToDocx(block, build, 0, false))
  return new Document({
    creator: 'Carnet',
    title,
    description: `${title} — ${input.meta.licence}`,
    styles: {
      default: { document: { run: { font: 'Liberation Sans', size: 22 } } },
      characterStyles: [{ id: INLINE_CODE_STYLE, name: 'Inline Code', basedOn: 'DefaultParagraphFont', run: { font: MONOSPACE } }],
      paragraphStyles: [
        { id: 'Quote', name: 'Quote', basedOn: 'Normal', next: 'Normal', run: { italics: true, color: '333333' }, paragraph: { indent: { left: 720 }, border: { left: { style: BorderStyle.SINGLE, size: 12, color: '8A8A8A', space: 8 } } } },
        { id: 'Code', name: 'Code', basedOn: 'Normal', next: 'Normal', run: { font: MONOSPACE, size: 20 }, paragraph: { spacing: { before: 0, after: 0 }, shading: { fill: 'F4F4F2' } } },
      ],
    },
    numbering: { config: numberingConfig(build) },
    sections: [
      {
        children: [new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun({ text: title })] }), ...factParagraphs(input), ...body, ...footerParagraphs(input)],
      },
    ],
  })
}

/** The .docx file's bytes. */
export async function toDocx(input: ExportInput): Promise<Uint8Array> {
  return new Uint8Array(await Packer.toArrayBuffer(toDocxDocument(input)))
}
