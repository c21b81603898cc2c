// Inline content as CommonMark + GFM source that reads back as the same text and the same marks.
// More than "wrap bold in **": every character Markdown could take for syntax is escaped; spaces
// leave the edges of emphasis (`** x**` is not bold); a delimiter CommonMark would not accept as
// opening or closing (`mot**(note)**`) gets its outside neighbour written as a character
// reference, which counts as punctuation; italic is written `_` where a `*` could pair with the
// wrong delimiter; and a hard break goes `<br>` where a backslash break cannot. The flanking rules
// are markdown-it's own, so the import reads exactly what was meant.
import type { PmNode } from '@carnet/core'
import { isMdAsciiPunct, isPunctChar, isWhiteSpace } from 'markdown-it/lib/common/utils.mjs'
import { inlineTree, treeText, type InlineTree } from './inline-tree.js'
import { safeHref } from './link-policy.js'

/** Where inline content sits decides how line breaks are written and what else must be escaped. */
export type MarkdownInlineContext = 'paragraph' | 'heading' | 'tableCell'

type Piece =
  | { kind: 'text'; source: string }
  /** `pair` ties an opening delimiter to its closing one. */
  | { kind: 'delimiter'; source: string; role: 'open' | 'close'; pair: number }
  | { kind: 'break'; source: string }
  | { kind: 'syntax'; source: string; opensLink?: boolean }

const BACKSLASH_BREAK = '\\\n'
const DELIMITERS = { bold: '**', italic: '*', strike: '~~' } as const
const WHITESPACE_EDGE = {
  leading: /^[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/,
  trailing: /[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+$/,
}
const ENTITY_LIKE = /&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)/g

function escapeText(text: string, context: MarkdownInlineContext): string {
  const escaped = text.replace(/[\\`*_[\]<~|]/g, '\\$&').replace(ENTITY_LIKE, '\\&')
  // In a heading, a trailing run of `#` would be read as the closing sequence.
  return context === 'heading' ? escaped.replace(/#/g, '\\#') : escaped
}

function longestRun(text: string, char: string): number {
  let longest = 0
  let current = 0
  for (const c of text) {
    current = c === char ? current + 1 : 0
    longest = Math.max(longest, current)
  }
  return longest
}

function codeSpan(text: string, context: MarkdownInlineContext): string {
  const fence = '`'.repeat(longestRun(text, '`') + 1)
  // CommonMark strips one space on each side when both are there, so pad when the code itself
  // starts or ends with a backtick (it would merge with the fence) or with spaces on both sides.
  // (markdown-it also strips code made of three spaces or more, where CommonMark keeps it whole.)
  const needsPadding = text.startsWith('`') || text.endsWith('`') || /^ .*[^ ].* $/.test(text) || /^ {3,}$/.test(text)
  const pad = needsPadding ? ' ' : ''
  // In a table row, GFM splits cells on every unescaped pipe, even inside code.
  const body = context === 'tableCell' ? text.replace(/\|/g, '\\|') : text
  return `${fence}${pad}${body}${pad}${fence}`
}

function linkDestination(href: string): string {
  const unbalanced = (href.match(/\(/g) ?? []).length !== (href.match(/\)/g) ?? []).length
  if (/[\s<>]/.test(href) || unbalanced) return `<${href.replace(/[<>\\]/g, '\\$&').replace(ENTITY_LIKE, '\\&')}>`
  return href.replace(/[()\\]/g, '\\$&').replace(ENTITY_LIKE, '\\&')
}

function textPieces(source: string): Piece[] {
  return source.length > 0 ? [{ kind: 'text', source }] : []
}

function piecesOf(trees: InlineTree[], context: MarkdownInlineContext, nextPair = { value: 0 }): Piece[] {
  return trees.flatMap((tree): Piece[] => {
    if (tree.kind === 'text') return textPieces(escapeText(tree.text, context))
    if (tree.kind === 'break') return [{ kind: 'break', source: context === 'paragraph' ? BACKSLASH_BREAK : '<br>' }]
    const { mark, children } = tree
    if (mark.type === 'code') return [{ kind: 'syntax', source: codeSpan(treeText(children, ' '), context) }]
    const inner = piecesOf(children, context, nextPair)
    if (mark.type === 'link') {
      const href = safeHref(mark.href)
      if (!href || inner.length === 0) return inner
      return [{ kind: 'syntax', source: '[', opensLink: true }, ...inner, { kind: 'syntax', source: `](${linkDestination(href)})` }]
    }
    // (The inline tree has already moved spaces out of the edges of emphasis.)
    const delimiter = DELIMITERS[mark.type]
    const pair = nextPair.value++
    return [{ kind: 'delimiter', source: delimiter, role: 'open', pair }, ...inner, { kind: 'delimiter', source: delimiter, role: 'close', pair }]
  })
}

function isPunctuation(code: number): boolean {
  return isMdAsciiPunct(code) || isPunctChar(String.fromCharCode(code))
}

/** A code point written as a decimal character reference: punctuation as far as flanking goes. */
function characterReference(char: string): string {
  return `&#${char.codePointAt(0) ?? 32};`
}

function lastChar(source: string): string {
  return Array.from(source).pop() ?? ''
}

function firstChar(source: string): string {
  return Array.from(source)[0] ?? ''
}

// A backslash break needs a non-empty line after it: at the end of a paragraph, or before another
// break, the backslash would be read as text. There the break is written `<br>`, which the import reads back.
function placeBreaks(pieces: Piece[]): Piece[] {
  return pieces.map((piece, index) => {
    if (piece.kind !== 'break' || piece.source !== BACKSLASH_BREAK) return piece
    const next = pieces.slice(index + 1).find((p) => p.source.length > 0)
    return next === undefined || next.kind === 'break' ? { kind: 'break', source: '<br>' } : piece
  })
}

interface Run {
  start: number
  end: number
}

function delimiterRuns(pieces: Piece[]): Run[] {
  const runs: Run[] = []
  for (let start = 0; start < pieces.length; start++) {
    const piece = pieces[start] as Piece
    if (piece.kind !== 'delimiter') continue
    // A run is every delimiter of the same character written back to back (`**` then `*` is `***`).
    let end = start
    while (pieces[end + 1]?.kind === 'delimiter' && pieces[end + 1]?.source[0] === piece.source[0]) end++
    runs.push({ start, end })
    start = end
  }
  return runs
}

interface Flanking {
  before: { code: number; piece: number }
  after: { code: number; piece: number }
  leftFlanking: boolean
  rightFlanking: boolean
  canOpen: boolean
  canClose: boolean
}

function isWordChar(code: number): boolean {
  return !isWhiteSpace(code) && !isPunctuation(code)
}

/** markdown-it's `scanDelims` for a run, given the text around it. */
function flankingOf(pieces: Piece[], sources: string[], run: Run): Flanking {
  let before = { code: 0x20, piece: -1 }
  for (let i = run.start - 1; i >= 0; i--) {
    const source = sources[i] as string
    if (source.length > 0) {
      before = { code: source.charCodeAt(source.length - 1), piece: i }
      break
    }
  }
  let after = { code: 0x20, piece: -1 }
  for (let i = run.end + 1; i < sources.length; i++) {
    const source = sources[i] as string
    if (source.length > 0) {
      after = { code: source.charCodeAt(0), piece: i }
      break
    }
  }
  // `_` may not open or close inside a word; `*` and `~` may.
  const canSplitWord = pieces[run.start]?.source[0] !== '_'
  const beforeIsSpace = isWhiteSpace(before.code)
  const afterIsSpace = isWhiteSpace(after.code)
  const beforeIsPunct = isPunctuation(before.code)
  const afterIsPunct = isPunctuation(after.code)
  const leftFlanking = !afterIsSpace && (!afterIsPunct || beforeIsSpace || beforeIsPunct)
  const rightFlanking = !beforeIsSpace && (!beforeIsPunct || afterIsSpace || afterIsPunct)
  return {
    before,
    after,
    leftFlanking,
    rightFlanking,
    canOpen: leftFlanking && (canSplitWord || !rightFlanking || beforeIsPunct),
    canClose: rightFlanking && (canSplitWord || !leftFlanking || afterIsPunct),
  }
}

function roles(pieces: Piece[], run: Run): { opens: boolean; closes: boolean } {
  const delimiters = pieces.slice(run.start, run.end + 1)
  return {
    opens: delimiters.some((p) => p.kind === 'delimiter' && p.role === 'open'),
    closes: delimiters.some((p) => p.kind === 'delimiter' && p.role === 'close'),
  }
}

// A delimiter run that cannot open (or close) because a letter sits outside it gets that letter
// written as a character reference, which CommonMark counts as punctuation.
function fixFlanking(pieces: Piece[], sources: string[]): boolean {
  let changed = false
  for (const run of delimiterRuns(pieces)) {
    const flanking = flankingOf(pieces, sources, run)
    const { opens, closes } = roles(pieces, run)
    const { before, after } = flanking
    if (opens && !flanking.canOpen && isWordChar(before.code) && pieces[before.piece]?.kind === 'text') {
      const source = sources[before.piece] as string
      const char = lastChar(source)
      sources[before.piece] = source.slice(0, source.length - char.length) + characterReference(char)
      changed = true
    }
    if (closes && !flanking.canClose && isWordChar(after.code) && pieces[after.piece]?.kind === 'text') {
      const source = sources[after.piece] as string
      const char = firstChar(source)
      sources[after.piece] = characterReference(char) + source.slice(char.length)
      changed = true
    }
  }
  return changed
}

// CommonMark pairs `*` delimiters by counting, and a run that could both open and close
// (`**a***b*`, or `*` between two punctuation marks) may pair with the wrong bold or italic.
// Bold and italic are the only marks that share a character, so writing the italic concerned
// with `_` instead takes it out of the count.
function italicsToUnderscore(pieces: Piece[], sources: string[]): { pieces: Piece[]; changed: boolean } {
  const italicOpen = new Map<number, number>()
  const italicClose = new Map<number, number>()
  pieces.forEach((piece, index) => {
    if (piece.kind === 'delimiter' && piece.source === '*') (piece.role === 'open' ? italicOpen : italicClose).set(piece.pair, index)
  })
  const underscored = new Set<number>()
  for (const run of delimiterRuns(pieces)) {
    if (pieces[run.start]?.source[0] !== '*') continue
    const { opens, closes } = roles(pieces, run)
    const { leftFlanking, rightFlanking } = flankingOf(pieces, sources, run)
    if (!(opens && closes) && !(leftFlanking && rightFlanking)) continue
    for (let index = run.start; index <= run.end; index++) {
      const piece = pieces[index]
      if (piece?.kind === 'delimiter' && piece.source === '*') underscored.add(piece.pair)
    }
    for (const [pair, openIndex] of italicOpen) {
      if (openIndex < run.start && (italicClose.get(pair) ?? -1) > run.end) underscored.add(pair)
    }
  }
  let changed = false
  const settled = pieces.map((piece, index) => {
    if (piece.kind !== 'delimiter' || !underscored.has(piece.pair) || piece.source === '_') return piece
    sources[index] = '_'
    changed = true
    return { ...piece, source: '_' }
  })
  return { pieces: settled, changed }
}

/** Joins the pieces into Markdown source whose emphasis CommonMark reads as intended. */
function assemble(pieces: Piece[]): string {
  const sources = pieces.map((piece) => piece.source)
  // Each step only ever turns a letter into a reference or an italic `*` into `_`, so this ends.
  let settled = italicsToUnderscore(pieces, sources).pieces
  for (;;) {
    while (fixFlanking(settled, sources));
    const next = italicsToUnderscore(settled, sources)
    settled = next.pieces
    if (!next.changed) break
  }
  // `!` written just before a link would turn it into an image.
  settled.forEach((piece, index) => {
    if (piece.kind !== 'syntax' || !piece.opensLink) return
    for (let i = index - 1; i >= 0; i--) {
      const source = sources[i] as string
      if (source.length === 0) continue
      if (pieces[i]?.kind === 'text' && source.endsWith('!')) sources[i] = `${source.slice(0, -1)}\\!`
      break
    }
  })
  return sources.join('')
}

// What a line may not start with, or Markdown reads a block: a heading, a quote, a list item,
// a thematic break or a setext underline. (`*`, `_`, `` ` ``, `~`, `[`, `<`, `|` are escaped everywhere.)
function escapeLineStart(line: string): string {
  if (/^[#>+=-]/.test(line)) return `\\${line}`
  const numbered = /^(\d{1,9})([.)])/.exec(line)
  if (numbered) return `${numbered[1]}\\${line.slice((numbered[1] as string).length)}`
  return line
}

// Markdown drops whitespace at the start of a line and at the end of a block; a character
// reference for the outermost space keeps it.
function keepEdgeWhitespace(line: string, edge: 'leading' | 'trailing'): string {
  const space = WHITESPACE_EDGE[edge].exec(line)?.[0]
  if (!space) return line
  if (edge === 'leading') {
    const char = firstChar(space)
    return characterReference(char) + line.slice(char.length)
  }
  const char = lastChar(space)
  return line.slice(0, line.length - char.length) + characterReference(char)
}

/** A picture, `![description](address)`: the description on one line, escaped as link text is. */
export function markdownImage(alt: string, href: string): string {
  return `![${escapeText(alt.replace(/\s+/g, ' ').trim(), 'paragraph')}](${linkDestination(href)})`
}

/** Inline content (text, marks, hard breaks) as Markdown source. Paragraph content may span lines. */
export function markdownInline(nodes: PmNode[], context: MarkdownInlineContext): string {
  const source = assemble(placeBreaks(piecesOf(inlineTree(nodes, { spacesOutsideEmphasis: true }), context)))
  if (source.length === 0) return ''
  const lines = source.split('\n').map((line) => keepEdgeWhitespace(line, 'leading'))
  const lastIndex = lines.length - 1
  lines[lastIndex] = keepEdgeWhitespace(lines[lastIndex] as string, 'trailing')
  return (context === 'paragraph' ? lines.map(escapeLineStart) : lines).join('\n')
}

/** Plain text (a title, a place) as Markdown source that reads back as the same text. */
export function markdownText(text: string, context: MarkdownInlineContext): string {
  return markdownInline(text.length > 0 ? [{ type: 'text', text }] : [], context)
}
