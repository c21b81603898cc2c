// Inline content as MediaWiki wikitext that shows exactly the page's text. Wikitext has no escape
// character, so text that would be read as markup ('''…''', [[…]], {{…}}, ~~~~, __TOC__,
// [http…) is wrapped in <nowiki>, `<` and entity-like `&` are written as character references, and an
// apostrophe touching a '' or ''' delimiter is written as &#39; so the quotes cannot merge.
import type { PmNode } from '@carnet/core'
import { inlineTree, type InlineTree } from './inline-tree.js'
import { hrefKind, safeHref } from './link-policy.js'

export interface WikiInlineContext {
  /** Inside a table, `|` and `!!` separate cells and must stay text. */
  inTable: boolean
  /** Levels every heading goes down by (the body has level-1 headings, which the wiki keeps for the page's name). */
  headingShift?: number
}

type Piece =
  | { kind: 'text'; source: string }
  | { kind: 'quote'; source: "''" | "'''"; role: 'open' | 'close' }
  | { kind: 'syntax'; source: string }

// The URL schemes MediaWiki turns `[scheme…` into an external link with (its default $wgUrlProtocols).
const URL_PROTOCOL =
  '(?:bitcoin:|ftps?://|geo:|git://|gopher://|https?://|ircs?://|magnet:|mailto:|matrix:|mms://|news:|nntp://|redis://|sftp://|sips?:|sms:|ssh://|svn://|tel:|telnet://|urn:|worldwind://|xmpp:|//)'
// An external link is taken whole (up to its `]`), so no lonely bracket is left outside <nowiki>.
// `-{ }-` is language-variant markup on wikis whose language has variants.
const MARKUP = String.raw`\[(?=${URL_PROTOCOL})[^\]\n]*\]?|\[\[|\]\]|\{\{|\}\}|\{\||\|\}|~{3,}|__[\p{L}\p{N}]+__|'{2,}|-\{|\}-`
const MARKUP_IN = {
  text: new RegExp(MARKUP, 'giu'),
  table: new RegExp(`${MARKUP}|\\||!!`, 'giu'),
  linkText: new RegExp(`${MARKUP}|\\]`, 'giu'),
  linkTextInTable: new RegExp(`${MARKUP}|\\]|\\||!!`, 'giu'),
}
const ENTITY_LIKE = /&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)/g
// A section of the same page, `[[#Décisions|…]]`: characters MediaWiki forbids in titles are not in it.
const WIKI_SECTION = /^#[^[\]{}|<>\n&'~]+$/u

/** Wraps the stretch of text that holds markup in <nowiki>, after making `<` and entities inert. */
function escapeWikiText(text: string, markup: RegExp): string {
  const inert = text.replace(ENTITY_LIKE, '&amp;').replace(/</g, '&lt;')
  const matches = Array.from(inert.matchAll(markup))
  const first = matches[0]
  const last = matches[matches.length - 1]
  const wrapped =
    first && last
      ? `${inert.slice(0, first.index)}<nowiki>${inert.slice(first.index, last.index + last[0].length)}</nowiki>${inert.slice(last.index + last[0].length)}`
      : inert
  // An apostrophe left at either end may touch a quote delimiter written next to this text.
  return wrapped.replace(/^'/, '&#39;').replace(/'$/, '&#39;')
}

/** An external link target MediaWiki reads whole: no spaces, brackets, quotes or template braces. */
export function wikiUrl(href: string): string {
  return href
    .replace(/[\s[\]<>"'{}|~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
    .replace(ENTITY_LIKE, '&amp;')
}

function markupPattern(context: WikiInlineContext, inLink: boolean): RegExp {
  if (inLink) return context.inTable ? MARKUP_IN.linkTextInTable : MARKUP_IN.linkText
  return context.inTable ? MARKUP_IN.table : MARKUP_IN.text
}

function textPieces(source: string): Piece[] {
  return source ? [{ kind: 'text', source }] : []
}

function piecesOf(trees: InlineTree[], context: WikiInlineContext, inLink: boolean): Piece[] {
  return trees.flatMap((tree): Piece[] => {
    if (tree.kind === 'text') return textPieces(escapeWikiText(tree.text, markupPattern(context, inLink)))
    if (tree.kind === 'break') return [{ kind: 'syntax', source: '<br />' }]
    const { mark, children } = tree
    switch (mark.type) {
      case 'link': {
        const href = safeHref(mark.href)
        const kind = href === null ? null : hrefKind(href)
        // MediaWiki links whole addresses and its own sections only: a relative path keeps its text.
        const section = kind === 'fragment' && href !== null && WIKI_SECTION.test(href) ? href : null
        const inner = piecesOf(children, context, kind === 'web' || section !== null)
        if (section !== null) {
          const label = inner.some((piece) => piece.kind !== 'text' || piece.source.trim()) ? inner : textPieces(escapeWikiText(section, markupPattern(context, true)))
          return [{ kind: 'syntax', source: `[[${section}|` }, ...label, { kind: 'syntax', source: ']]' }]
        }
        if (!href || kind !== 'web') return inner
        const url = wikiUrl(href)
        const label = inner.some((piece) => piece.kind !== 'text' || piece.source.trim()) ? inner : textPieces(escapeWikiText(href, markupPattern(context, true)))
        return [{ kind: 'syntax', source: `[${url} ` }, ...label, { kind: 'syntax', source: ']' }]
      }
      case 'code':
        return [{ kind: 'syntax', source: '<code>' }, ...piecesOf(children, context, inLink), { kind: 'syntax', source: '</code>' }]
      case 'strike':
        return [{ kind: 'syntax', source: '<s>' }, ...piecesOf(children, context, inLink), { kind: 'syntax', source: '</s>' }]
      case 'bold':
      case 'italic': {
        const quote = mark.type === 'bold' ? "'''" : "''"
        return [{ kind: 'quote', source: quote, role: 'open' }, ...piecesOf(children, context, inLink), { kind: 'quote', source: quote, role: 'close' }]
      }
    }
  })
}

// MediaWiki reads a run of apostrophes as one token: a closing ''' straight after an opening ''
// would be taken for something else. An empty <nowiki/> keeps the two apart.
function assemble(pieces: Piece[]): string {
  return pieces
    .map((piece, index) => {
      const next = pieces[index + 1]
      const separate = piece.kind === 'quote' && piece.role === 'close' && next?.kind === 'quote' && next.role === 'open'
      return separate ? `${piece.source}<nowiki/>` : piece.source
    })
    .join('')
}

/** Inline content as one line of wikitext (hard breaks are `<br />`). */
export function wikiInline(nodes: PmNode[], context: WikiInlineContext): string {
  return assemble(piecesOf(inlineTree(nodes, { spacesOutsideEmphasis: true }), context, false))
}

/** Plain text (a title, a place) as wikitext that shows as the same text. */
export function wikiText(text: string, context: WikiInlineContext): string {
  return escapeWikiText(text, markupPattern(context, false))
}

/**
 * Makes a line of inline wikitext safe at the start of a line: a leading space would make it
 * preformatted, and `*#:;=`, `----` (and `|`, `!` in a table) would make it a list, a heading,
 * a rule or a table row.
 */
export function wikiLineStart(line: string, context: WikiInlineContext): string {
  const trimmed = line.replace(/^\s+/, '')
  if (trimmed.startsWith('----')) return `<nowiki>-</nowiki>${trimmed.slice(1)}`
  const first = trimmed[0]
  const significant = context.inTable ? '*#:;=|!' : '*#:;='
  return first !== undefined && significant.includes(first) ? `<nowiki>${first}</nowiki>${trimmed.slice(1)}` : trimmed
}
