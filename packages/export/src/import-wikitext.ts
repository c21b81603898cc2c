// MediaWiki wikitext in, a page out: the city wiki's pages (an older meeting's, a project's) become
// Carnet pages. wikiparser-node (wikitext-parser.ts) gives the token tree — headings, list
// prefixes, tables, quotes, links, tags, templates — and this module lays it out in blocks the way
// MediaWiki's own block pass does, line by line: a line starting with a list prefix is a list item
// at that depth, a line starting with a space is preformatted, blank lines end paragraphs.
// Categories become the page's tags; internal links point at the wiki's page addresses when the
// wiki is known; templates, parser functions and tags Carnet cannot show are kept as their
// wikitext, so nothing written on the wiki is lost on the way.
import type { PmMark, PmNode } from '@carnet/core'
import { withoutCarnetFrame } from './carnet-frame.js'
import { fitToSchema } from './fit-to-schema.js'
import type { ImportedPage } from './imported-page.js'
import { assertWithinPageLimits, MAX_SOURCE_DEPTH, sourceTooDeep } from './import-limits.js'
import { safeHref } from './link-policy.js'
import { oneLineText } from './read-body.js'
import { parseWikitext, type WikiToken } from './wikitext-parser.js'

export interface WikitextImportOptions {
  /** The wiki's `index.php` address (`CARNET_WIKI_URL`): internal links lead there; without it they keep their text. */
  wikiUrl?: string | null
  /** The wiki's name for the category namespace (`CARNET_WIKI_CATEGORY`, `Catégorie` by default). */
  categoryNamespace?: string
}

type Piece = { kind: 'text'; text: string } | { kind: 'token'; token: WikiToken }
type Line = Piece[]

/** Marks open while a paragraph's lines are read: quotes reset at each line's end, tags do not. */
interface InlineState {
  bold: boolean
  italic: boolean
  strike: number
  code: number
}

interface Build {
  options: Required<Pick<WikitextImportOptions, 'categoryNamespace'>> & { wikiUrl: string | null }
  tags: string[]
}

const HTML_MARKS: Readonly<Record<string, 'strike' | 'code' | 'bold' | 'italic'>> = {
  s: 'strike',
  strike: 'strike',
  del: 'strike',
  code: 'code',
  tt: 'code',
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
}
const HTML_BLOCKS: ReadonlySet<string> = new Set(['li', 'p', 'div', 'tr', 'td', 'th', 'dd', 'dt', 'blockquote', 'ul', 'ol', 'table', 'center'])
const CODE_TAGS: ReadonlySet<string> = new Set(['pre', 'syntaxhighlight', 'source'])
/** Tokens that only steer the wiki's rendering (comments, __TOC__, <noinclude>): nothing to read. */
const SILENT_TOKENS: ReadonlySet<string> = new Set(['comment', 'double-underscore', 'noinclude', 'include', 'onlyinclude'])
const ALIGNMENTS: ReadonlySet<string> = new Set(['left', 'center', 'right'])
const CELL_ATTRS = { colspan: 1, rowspan: 1, colwidth: null }

function childOfType(token: WikiToken, type: string): WikiToken | undefined {
  return token.childNodes.find((child) => child.type === type)
}

// ---------------------------------------------------------------------------------------------
// Lines: the token tree's top level cut at its line breaks.

function linesOf(tokens: WikiToken[]): Line[] {
  const lines: Line[] = [[]]
  for (const token of tokens) {
    if (token.type !== 'text') {
      ;(lines[lines.length - 1] as Line).push({ kind: 'token', token })
      continue
    }
    const parts = (token.data ?? '').split('\n')
    parts.forEach((part, index) => {
      if (index > 0) lines.push([])
      if (part) (lines[lines.length - 1] as Line).push({ kind: 'text', text: part })
    })
  }
  return lines
}

function isBlank(line: Line): boolean {
  return line.every((piece) => (piece.kind === 'text' ? piece.text.trim() === '' : SILENT_TOKENS.has(piece.token.type) || piece.token.type === 'category'))
}

// ---------------------------------------------------------------------------------------------
// Inline content.

function marksOf(state: InlineState, link: PmMark | null): PmMark[] {
  if (state.code > 0) return [{ type: 'code' }]
  const marks: PmMark[] = []
  if (state.bold) marks.push({ type: 'bold' })
  if (state.italic) marks.push({ type: 'italic' })
  if (state.strike > 0) marks.push({ type: 'strike' })
  if (link) marks.push(link)
  return marks
}

function pushText(out: PmNode[], text: string, marks: PmMark[]): void {
  if (!text) return
  out.push(marks.length > 0 ? { type: 'text', text, marks: marks.map((mark) => ({ ...mark })) } : { type: 'text', text })
}

/** `''` italic, `'''` bold, `'''''` both; apostrophes beyond those are text, as MediaWiki has it. */
function applyQuote(quote: string, state: InlineState, out: PmNode[], link: PmMark | null): void {
  let run = quote.length
  let toggle: Array<'bold' | 'italic'>
  if (run >= 5) {
    toggle = ['bold', 'italic']
    run -= 5
  } else if (run === 4) {
    toggle = ['bold']
    run = 1
  } else {
    toggle = run === 3 ? ['bold'] : ['italic']
    run = 0
  }
  pushText(out, "'".repeat(run), marksOf(state, link))
  for (const mark of toggle) state[mark] = !state[mark]
}

function pageAddress(build: Build, title: string): string | null {
  const { wikiUrl } = build.options
  if (!wikiUrl) return null
  const [name, section] = title.split('#', 2) as [string, string | undefined]
  const page = encodeURIComponent(name.trim().replace(/ /g, '_')).replace(/%3A/gi, ':').replace(/%2F/gi, '/')
  const anchor = section ? `#${encodeURIComponent(section.trim().replace(/ /g, '_'))}` : ''
  return safeHref(`${wikiUrl}?title=${page}${anchor}`)
}

function categoryName(token: WikiToken): string {
  const target = childOfType(token, 'link-target')?.toString() ?? ''
  return target.slice(target.indexOf(':') + 1).replace(/_/g, ' ').replace(/\s+/g, ' ').trim()
}

function inlineOf(pieces: Piece[], state: InlineState, build: Build, depth: number, link: PmMark | null = null): PmNode[] {
  if (depth > MAX_SOURCE_DEPTH) throw sourceTooDeep()
  const out: PmNode[] = []
  const source = (token: WikiToken): void => pushText(out, token.toString(), marksOf(state, link))
  const nested = (tokens: WikiToken[], withLink: PmMark | null): void => {
    out.push(...inlineOf(tokens.map(asPiece), state, build, depth + 1, withLink))
  }
  for (const piece of pieces) {
    if (piece.kind === 'text') {
      pushText(out, piece.text.replace(/[ \t]+/g, ' '), marksOf(state, link))
      continue
    }
    const { token } = piece
    if (SILENT_TOKENS.has(token.type)) continue
    switch (token.type) {
      case 'text':
        pushText(out, (token.data ?? '').replace(/\s+/g, ' '), marksOf(state, link))
        break
      case 'quote':
        applyQuote(token.toString(), state, out, link)
        break
      case 'html': {
        const name = (token.name ?? '').toLowerCase()
        // Block tags Carnet reads no structure from (<li>, <div>…) still keep their texts apart.
        if (name === 'br' || (HTML_BLOCKS.has(name) && !token.closing && out.length > 0)) out.push({ type: 'hardBreak' })
        const mark = HTML_MARKS[name]
        if (mark === 'strike' || mark === 'code') state[mark] = Math.max(0, state[mark] + (token.closing ? -1 : token.selfClosing ? 0 : 1))
        else if (mark) state[mark] = !token.closing
        break
      }
      case 'ext-link': {
        const href = safeHref(childOfType(token, 'ext-link-url')?.toString().trim())
        const label = childOfType(token, 'ext-link-text')
        const mark = href && !link ? { type: 'link', attrs: { href } } : link
        if (label && label.childNodes.length > 0) nested(label.childNodes, mark)
        else pushText(out, href ?? token.toString(), marksOf(state, mark))
        break
      }
      case 'free-ext-link': {
        const href = safeHref(token.toString())
        pushText(out, token.toString(), marksOf(state, href && !link ? { type: 'link', attrs: { href } } : link))
        break
      }
      case 'link': {
        const target = (childOfType(token, 'link-target')?.toString() ?? '').trim().replace(/^:/, '')
        const label = childOfType(token, 'link-text')
        const href = target.startsWith('#') ? safeHref(target.replace(/ /g, '_')) : pageAddress(build, target)
        const mark = href && !link ? { type: 'link', attrs: { href } } : link
        if (label && label.childNodes.length > 0) nested(label.childNodes, mark)
        else pushText(out, target.replace(/_/g, ' '), marksOf(state, mark))
        break
      }
      case 'category': {
        const name = categoryName(token)
        if (name && !build.tags.includes(name)) build.tags.push(name)
        break
      }
      case 'file': {
        // A wiki's picture is not one of the page's photos: its caption (or its name), linked to its page on the wiki.
        const target = (childOfType(token, 'link-target')?.toString() ?? '').trim()
        const captions = token.childNodes.filter((child) => child.type === 'image-parameter' && child.name === 'caption')
        const caption = captions[captions.length - 1]
        const href = pageAddress(build, target)
        const mark = href && !link ? { type: 'link', attrs: { href } } : link
        if (caption) nested(caption.childNodes, mark)
        else pushText(out, target.slice(target.indexOf(':') + 1), marksOf(state, mark))
        break
      }
      case 'ext': {
        const name = (token.name ?? '').toLowerCase()
        const inner = childOfType(token, 'ext-inner')?.toString() ?? ''
        if (name === 'nowiki') pushText(out, decodeEntities(inner), marksOf(state, link))
        else if (name === 'references') break
        else source(token)
        break
      }
      default:
        // Templates, parser functions, magic words, <ref>…: kept as their wikitext, never lost.
        source(token)
    }
  }
  return out
}

function asPiece(token: WikiToken): Piece {
  return token.type === 'text' ? { kind: 'text', text: token.data ?? '' } : { kind: 'token', token }
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }

/** The character references <nowiki> and <pre> still decode. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10)
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole
  })
}

function trimInline(nodes: PmNode[]): PmNode[] {
  const out = nodes.map((node) => ({ ...node }))
  const first = out[0]
  if (first?.type === 'text') first.text = (first.text ?? '').replace(/^\s+/, '')
  const last = out[out.length - 1]
  if (last?.type === 'text') last.text = (last.text ?? '').replace(/\s+$/, '')
  return out.filter((node) => node.type !== 'text' || node.text)
}

// ---------------------------------------------------------------------------------------------
// Blocks.

function cellAttributes(cell: WikiToken): { colspan: number; rowspan: number; align: string | null } {
  const attrs = childOfType(cell, 'table-attrs')
  const values: Record<string, string> = {}
  for (const attr of attrs?.childNodes ?? []) {
    if (attr.type === 'table-attr' && attr.name) values[attr.name.toLowerCase()] = (childOfType(attr, 'attr-value')?.toString() ?? '').trim()
  }
  const span = (name: string): number => {
    const value = Number.parseInt(values[name] ?? '', 10)
    return Number.isInteger(value) && value >= 1 && value <= 1000 ? value : 1
  }
  const align = (/text-align\s*:\s*(left|center|right)/i.exec(values['style'] ?? '')?.[1] ?? values['align'] ?? '').toLowerCase()
  return { colspan: span('colspan'), rowspan: span('rowspan'), align: ALIGNMENTS.has(align) ? align : null }
}

function tableOf(table: WikiToken, build: Build, depth: number): PmNode[] {
  if (depth > MAX_SOURCE_DEPTH) throw sourceTooDeep()
  const before: PmNode[] = []
  const rows: PmNode[] = []
  const cellOf = (cell: WikiToken): PmNode => {
    const { colspan, rowspan, align } = cellAttributes(cell)
    const inner = childOfType(cell, 'td-inner')
    return {
      type: cell.subtype === 'th' ? 'tableHeader' : 'tableCell',
      attrs: { ...CELL_ATTRS, colspan, rowspan, ...(align ? { align } : {}) },
      content: blocksOf(withoutLeadingSpace(inner?.childNodes ?? []), build, depth + 1),
    }
  }
  // Cells before the first `|-` make a row of their own.
  let loose: PmNode[] = []
  for (const child of table.childNodes) {
    if (child.type === 'td' && child.subtype === 'caption') before.push(...blocksOf(childOfType(child, 'td-inner')?.childNodes ?? [], build, depth + 1))
    else if (child.type === 'td') loose.push(cellOf(child))
    else if (child.type === 'tr') {
      if (loose.length > 0) rows.push({ type: 'tableRow', content: loose })
      loose = []
      const cells = child.childNodes.filter((cell) => cell.type === 'td' && cell.subtype !== 'caption').map(cellOf)
      if (cells.length > 0) rows.push({ type: 'tableRow', content: cells })
    }
  }
  if (loose.length > 0) rows.push({ type: 'tableRow', content: loose })
  return [...before, { type: 'table', content: rows }]
}

/** A cell's text starts after `|`: the space there is markup, not a preformatted line. */
function withoutLeadingSpace(tokens: WikiToken[]): WikiToken[] {
  const [first, ...rest] = tokens
  if (first?.type !== 'text') return tokens
  const data = (first.data ?? '').replace(/^[ \t]+/, '')
  return [{ type: 'text', data, childNodes: [], toString: () => data }, ...rest]
}

function codeBlockOf(token: WikiToken): PmNode {
  const inner = childOfType(token, 'ext-inner')?.toString() ?? ''
  const attrs = childOfType(token, 'ext-attrs')
  let language: string | null = null
  for (const attr of attrs?.childNodes ?? []) {
    if (attr.name === 'lang') language = (childOfType(attr, 'attr-value')?.toString() ?? '').trim() || null
  }
  if (language !== null && !/^[A-Za-z0-9_+#.-]{1,40}$/.test(language)) language = null
  // <pre> decodes character references; <syntaxhighlight> shows its content raw.
  const text = (token.name === 'pre' ? decodeEntities(inner) : inner).replace(/^\n/, '').replace(/\n$/, '')
  return { type: 'codeBlock', attrs: { language }, content: text ? [{ type: 'text', text }] : [] }
}

interface ListLevel {
  char: '*' | '#'
  list: PmNode
  item: PmNode | null
}

/** MediaWiki's block pass over a sequence of tokens (the page, or a table cell). */
function blocksOf(tokens: WikiToken[], build: Build, depth: number): PmNode[] {
  if (depth > MAX_SOURCE_DEPTH) throw sourceTooDeep()
  const blocks: PmNode[] = []
  let paragraph: PmNode[] | null = null
  let paragraphState: InlineState = { bold: false, italic: false, strike: 0, code: 0 }
  let preformatted: string[] | null = null
  let levels: ListLevel[] = []

  const closeParagraph = (): void => {
    const content = paragraph ? trimInline(paragraph) : []
    if (content.length > 0) blocks.push({ type: 'paragraph', content })
    paragraph = null
    paragraphState = { bold: false, italic: false, strike: 0, code: 0 }
  }
  const closePre = (): void => {
    if (preformatted) blocks.push({ type: 'codeBlock', attrs: { language: null }, content: [{ type: 'text', text: preformatted.join('\n') }] })
    preformatted = null
  }
  const closeAll = (): void => {
    closeParagraph()
    closePre()
    levels = []
  }
  const lineInline = (pieces: Piece[], state: InlineState): PmNode[] => {
    const inline = inlineOf(pieces, state, build, depth + 1)
    // Quotes left open end with the line, as in MediaWiki.
    state.bold = false
    state.italic = false
    return inline
  }
  const listItem = (prefix: string, pieces: Piece[]): void => {
    const chars = [...prefix].filter((char): char is '*' | '#' => char === '*' || char === '#')
    const continuation = /[:;]$/.test(prefix)
    const content = trimInline(lineInline(pieces, { bold: prefix.endsWith(';'), italic: false, strike: 0, code: 0 }))
    const paragraphNode: PmNode = { type: 'paragraph', content }
    // `*:` continues the item above; `:` alone indents a paragraph (the indent is not kept).
    if (continuation) {
      const level = levels[chars.length - 1]
      if (chars.length > 0 && level?.item && level.char === chars[chars.length - 1]) {
        levels = levels.slice(0, chars.length)
        ;(level.item.content ??= []).push(paragraphNode)
        return
      }
      levels = []
      if (content.length > 0) blocks.push(paragraphNode)
      return
    }
    // The levels this item shares with the open ones stay; deeper or different ones close.
    let common = 0
    while (common < chars.length && common < levels.length && levels[common]?.char === chars[common]) common++
    levels = levels.slice(0, common)
    for (let index = levels.length; index < chars.length; index++) {
      const char = chars[index] as '*' | '#'
      const list: PmNode = char === '#' ? { type: 'orderedList', attrs: { start: 1, type: null }, content: [] } : { type: 'bulletList', content: [] }
      const parent = levels[index - 1]
      if (!parent) blocks.push(list)
      else {
        if (!parent.item) {
          parent.item = { type: 'listItem', content: [{ type: 'paragraph' }] }
          ;(parent.list.content ??= []).push(parent.item)
        }
        ;(parent.item.content ??= []).push(list)
      }
      levels.push({ char, list, item: null })
    }
    const level = levels[levels.length - 1] as ListLevel
    level.item = { type: 'listItem', content: [paragraphNode] }
    ;(level.list.content ??= []).push(level.item)
  }

  for (const line of linesOf(tokens)) {
    if (isBlank(line)) {
      // Categories and comments on a line of their own still count.
      inlineOf(line, { bold: false, italic: false, strike: 0, code: 0 }, build, depth + 1)
      closeAll()
      continue
    }
    const first = line[0] as Piece
    if (first.kind === 'token' && first.token.type === 'heading') {
      closeAll()
      const title = childOfType(first.token, 'heading-title')
      const content = trimInline(lineInline((title?.childNodes ?? []).map(asPiece), { bold: false, italic: false, strike: 0, code: 0 }))
      blocks.push({ type: 'heading', attrs: { level: Math.min(6, Math.max(1, first.token.level ?? 1)) }, content })
      lineInline(line.slice(1), paragraphState)
      continue
    }
    if (first.kind === 'token' && first.token.type === 'hr') {
      closeAll()
      blocks.push({ type: 'horizontalRule' })
      const rest = trimInline(lineInline(line.slice(1), paragraphState))
      if (rest.length > 0) paragraph = rest
      continue
    }
    if (first.kind === 'token' && first.token.type === 'table') {
      closeAll()
      blocks.push(...tableOf(first.token, build, depth + 1))
      continue
    }
    if (first.kind === 'token' && first.token.type === 'list') {
      closeParagraph()
      closePre()
      listItem(first.token.toString().trim(), line.slice(1))
      continue
    }
    if (first.kind === 'text' && first.text.startsWith(' ') && first.text.trim() !== '') {
      closeParagraph()
      levels = []
      preformatted ??= []
      preformatted.push(line.map((piece) => (piece.kind === 'text' ? piece.text : piece.token.toString())).join('').slice(1))
      continue
    }
    closePre()
    levels = []
    // A code block (<pre>, <syntaxhighlight>) cuts its line in three.
    let run: Piece[] = []
    const flushRun = (): void => {
      if (run.length === 0) return
      const inline = lineInline(run, paragraphState)
      if (paragraph === null) paragraph = inline
      else paragraph.push({ type: 'text', text: ' ' }, ...inline)
      run = []
    }
    for (const piece of line) {
      if (piece.kind === 'token' && piece.token.type === 'ext' && CODE_TAGS.has((piece.token.name ?? '').toLowerCase())) {
        flushRun()
        closeParagraph()
        blocks.push(codeBlockOf(piece.token))
      } else run.push(piece)
    }
    flushRun()
  }
  closeAll()
  return blocks
}

// ---------------------------------------------------------------------------------------------
// The page.

/**
 * Reads wikitext into a page. A leading level-1 heading (`= … =`) becomes the title; without one
 * the caller names the page (from the file's name). Categories become tags.
 */
export function wikitextToPage(wikitext: string, options: WikitextImportOptions = {}): ImportedPage {
  const build: Build = {
    options: { wikiUrl: options.wikiUrl?.trim() || null, categoryNamespace: options.categoryNamespace?.trim() || 'Catégorie' },
    tags: [],
  }
  const root = parseWikitext(wikitext.replace(/\r\n?/g, '\n'), build.options.categoryNamespace)
  let blocks = blocksOf(root.childNodes, build, 0)
  let title: string | null = null
  const first = blocks[0]
  if (first?.type === 'heading' && first.attrs?.['level'] === 1) {
    title = oneLineText(first) || null
    blocks = blocks.slice(1)
  }
  const framed = withoutCarnetFrame(blocks)
  const body = fitToSchema({ type: 'doc', content: framed.blocks }) ?? { type: 'doc', content: [{ type: 'paragraph' }] }
  const tags = [...build.tags, ...framed.facts.tags.filter((tag) => !build.tags.includes(tag))]
  return { title, tags, date: null, place: framed.facts.place, body: assertWithinPageLimits(body) }
}
