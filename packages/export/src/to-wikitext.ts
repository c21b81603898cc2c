// A page as MediaWiki wikitext, ready to paste into the city wiki: headings, lists, tables and
// links in wiki syntax, tags as categories, the licence written out. Lists use `*`/`#` prefixes;
// a numbered list that does not start at 1 has no wiki syntax and is written as an HTML list
// (MediaWiki accepts <ol start>), as is anything nested inside it. Task items are list items
// starting with ☐ or ☑. Photos are links to them on the public server, named by their description.
import type { PmNode } from '@carnet/core'
import type { ExportInput } from './export-input.js'
import { exportedFact, FACT_LABELS, headerFacts, LABEL_SEPARATOR, pageTags, pageTitle, sourceFact } from './page-facts.js'
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
import { wikiInline, wikiLineStart, wikiText, wikiUrl, type WikiInlineContext } from './wikitext-inline.js'
import { pagePhoto, photoCaption, photoUrl, type PagePhoto } from './page-photos.js'

const OUTSIDE_TABLE: WikiInlineContext = { inTable: false }
const INSIDE_TABLE: WikiInlineContext = { inTable: true }

/** What the block writers carry down the page: the inline context, and where a photo is found. */
interface BlockContext extends WikiInlineContext {
  photoUrl: (photo: PagePhoto) => string
}

/**
 * A photo as a link to it on the public server, named by its description: a wiki shows external
 * images only when its operator allows them, a link everywhere. Without a public address, its text.
 */
function photoLink(node: PmNode, context: BlockContext, inline: WikiInlineContext): string {
  const photo = pagePhoto(node)
  if (!photo) return ''
  return wikiInline([{ type: 'text', text: photoCaption(photo), marks: [{ type: 'link', attrs: { href: context.photoUrl(photo) } }] }], inline)
}

const TASK_BOX = { done: '☑', open: '☐' } as const

function taskBox(list: PmNode, item: PmNode): string {
  if (list.type !== 'taskList') return ''
  return `${isChecked(item) ? TASK_BOX.done : TASK_BOX.open} `
}

function inlineOf(node: PmNode, context: WikiInlineContext): string {
  return wikiInline(inlineChildren(node), context)
}

function headingLine(node: PmNode, context: WikiInlineContext): string | null {
  const equals = '='.repeat(Math.min(6, headingLevel(node) + (context.headingShift ?? 0)))
  const text = inlineOf(node, context).trim()
  return text ? headingSource(equals, text) : null
}

// An `=` at either end of the text would be read as part of the heading markup.
function headingSource(equals: string, text: string): string {
  const guarded = text.replace(/^=/, '<nowiki>=</nowiki>').replace(/=$/, '<nowiki>=</nowiki>')
  return `${equals} ${guarded} ${equals}`
}

/** Code keeps every character: <syntaxhighlight> shows its content raw, <pre> decodes references. */
function codeBlockSource(node: PmNode): string {
  const code = codeText(node)
  const language = codeLanguage(node)
  if (language && !/<\/syntaxhighlight/i.test(code)) return `<syntaxhighlight lang="${language}">\n${code}\n</syntaxhighlight>`
  return `<pre>${code.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</pre>`
}

function spanAttributes(cell: PmNode): string {
  const colspan = cellSpan(cell, 'colspan')
  const rowspan = cellSpan(cell, 'rowspan')
  return `${colspan > 1 ? ` colspan="${colspan}"` : ''}${rowspan > 1 ? ` rowspan="${rowspan}"` : ''}`
}

function tableLines(node: PmNode, context: BlockContext): string[] {
  const inside: BlockContext = { ...INSIDE_TABLE, headingShift: context.headingShift ?? 0, photoUrl: context.photoUrl }
  const rows = tableRowsOf(node)
  if (rows.length === 0) return []
  const lines = ['{| class="wikitable"']
  for (const cells of rows) {
    lines.push('|-')
    for (const cell of cells) {
      const marker = cell.type === 'tableHeader' ? '!' : '|'
      const attributes = spanAttributes(cell)
      const head = attributes ? `${marker}${attributes} |` : marker
      const blocks = blockChildren(cell)
      const only = blocks[0]
      if (blocks.length === 1 && only?.type === 'paragraph') {
        const text = inlineOf(only, INSIDE_TABLE).trim()
        lines.push(text ? `${head} ${text}` : head)
      } else {
        lines.push(head, ...joinBlocks(renderBlocks(blocks, inside)))
      }
    }
  }
  lines.push('|}')
  return lines
}

/** A table on one line, for places where wiki table syntax cannot go (inside a list item). */
function htmlTable(node: PmNode): string {
  const rows = tableRowsOf(node).map((cells) =>
    cells
      .map((cell) => {
        const tag = cell.type === 'tableHeader' ? 'th' : 'td'
        return `<${tag}${spanAttributes(cell)}>${wikiInline(flattenToInline(blockChildren(cell)), INSIDE_TABLE)}</${tag}>`
      })
      .join(''),
  )
  return `<table class="wikitable">${rows.map((row) => `<tr>${row}</tr>`).join('')}</table>`
}

/** A block written on one line (list items cannot hold line breaks outside of tags). */
function oneLineBlock(node: PmNode, context: BlockContext): string {
  switch (node.type) {
    case 'paragraph':
      return inlineOf(node, OUTSIDE_TABLE)
    case 'heading':
      // <b>, not ''': quotes around text that may hold quotes of its own would run together.
      return `<b>${inlineOf(node, OUTSIDE_TABLE)}</b>`
    case 'codeBlock':
      return codeBlockSource(node)
    case 'horizontalRule':
      return '<hr />'
    case 'table':
      return htmlTable(node)
    case 'bulletList':
    case 'orderedList':
    case 'taskList':
      return htmlList(node, context).join('')
    case 'blockquote':
      return `<blockquote>${wikiInline(flattenToInline(blockChildren(node)), OUTSIDE_TABLE)}</blockquote>`
    case 'image':
      return photoLink(node, context, OUTSIDE_TABLE)
    default:
      return wikiInline(flattenToInline(blockChildren(node)), OUTSIDE_TABLE)
  }
}

function needsHtmlList(list: PmNode): boolean {
  return list.type === 'orderedList' && orderedListStart(list) !== 1
}

function htmlList(list: PmNode, context: BlockContext): string[] {
  const tag = list.type === 'orderedList' ? 'ol' : 'ul'
  const start = needsHtmlList(list) ? ` start="${orderedListStart(list)}"` : ''
  const items = listItemsOf(list).map((item) => {
    const parts = blockChildren(item).map((block) => oneLineBlock(block, context))
    const content = parts.reduce((joined, part, index) => {
      if (index === 0) return part
      // Nested lists and code need no separator; text blocks go on a new line within the item.
      return /^<(?:ul|ol|syntaxhighlight|pre|table|blockquote)\b/.test(part) ? `${joined}${part}` : `${joined}<br />${part}`
    }, '')
    return `<li>${taskBox(list, item)}${content}</li>`
  })
  return [`<${tag}${start}>`, ...items, `</${tag}>`]
}

function listLines(list: PmNode, prefix: string, context: BlockContext): string[] {
  if (needsHtmlList(list)) return prefix ? [`${prefix}: ${htmlList(list, context).join('')}`] : htmlList(list, context)
  const marker = prefix + (list.type === 'orderedList' ? '#' : '*')
  return listItemsOf(list).flatMap((item) => {
    const children = blockChildren(item)
    const head = children[0]?.type === 'paragraph' ? children[0] : null
    const lines = [`${marker} ${taskBox(list, item)}${head ? inlineOf(head, OUTSIDE_TABLE) : ''}`.trimEnd()]
    for (const child of head ? children.slice(1) : children) {
      const isList = child.type === 'bulletList' || child.type === 'orderedList' || child.type === 'taskList'
      if (isList) lines.push(...listLines(child, marker, context))
      else {
        // Further blocks of the item continue it with `*:` (indented, without a new bullet).
        const text = oneLineBlock(child, context)
        if (text) lines.push(`${marker}: ${text}`)
      }
    }
    return lines
  })
}

function renderBlock(node: PmNode, context: BlockContext): string[] {
  switch (node.type) {
    case 'paragraph': {
      const text = inlineOf(node, context).trim()
      return text ? [wikiLineStart(text, context)] : []
    }
    case 'heading': {
      const line = headingLine(node, context)
      return line ? [line] : []
    }
    case 'bulletList':
    case 'orderedList':
    case 'taskList':
      return listLines(node, '', context)
    case 'blockquote': {
      const inner = joinBlocks(renderBlocks(blockChildren(node), context))
      return inner.length > 0 ? ['<blockquote>', ...inner, '</blockquote>'] : []
    }
    case 'codeBlock':
      return codeBlockSource(node).split('\n')
    case 'horizontalRule':
      return ['----']
    case 'table':
      return tableLines(node, context)
    case 'image': {
      const line = photoLink(node, context, context)
      return line ? [wikiLineStart(line, context)] : []
    }
    default:
      return joinBlocks(renderBlocks(blockChildren(node), context))
  }
}

function renderBlocks(nodes: PmNode[], context: BlockContext): string[][] {
  return nodes.map((node) => renderBlock(node, context)).filter((lines) => lines.length > 0)
}

function joinBlocks(blocks: string[][]): string[] {
  return blocks.flatMap((lines, index) => (index === 0 ? lines : ['', ...lines]))
}

/** A tag as a category name: the characters MediaWiki forbids in titles are dropped. */
function categoryName(tag: string): string {
  return tag
    .replace(/[[\]{}|#<>\u0000-\u001f\u007f]/g, ' ')
    .replace(/^[\s:]+/, '')
    .replace(/\s+/g, ' ')
    .trim()
}

function categoryNamespace(input: ExportInput): string {
  return categoryName(input.wikiCategoryNamespace ?? '') || DEFAULT_CATEGORY_NAMESPACE
}

/** The wiki page a Carnet page is published as: its title, in the characters a wiki title may hold. */
export function wikiPageName(input: Pick<ExportInput, 'meta'>): string {
  return categoryName(pageTitle({ meta: input.meta } as ExportInput)).replace(/^[\s.:/]+/, '').slice(0, 255)
}

function factLine(fact: { label: string; text: string; href?: string }): string {
  const value = fact.href ? `[${wikiUrl(fact.href)} ${wikiText(fact.text, OUTSIDE_TABLE)}]` : wikiText(fact.text, OUTSIDE_TABLE)
  return `${fact.label}${LABEL_SEPARATOR}${value}`
}

const LEAF_BLOCKS: ReadonlySet<string> = new Set(['paragraph', 'heading', 'codeBlock', 'horizontalRule'])

function hasLevelOneHeading(node: PmNode): boolean {
  return blockChildren(node).some((block) => (block.type === 'heading' ? headingLevel(block) === 1 : !LEAF_BLOCKS.has(block.type) && hasLevelOneHeading(block)))
}

/**
 * A body alone as wikitext (no title, facts or categories). The wiki shows the page's name as its
 * level-1 title and discourages `= … =` in the text: a body with level-1 headings has every
 * heading moved one level down.
 */
export function bodyToWikitext(body: PmNode, photoUrl: (photo: PagePhoto) => string = (photo) => photo.path): string {
  const shift = hasLevelOneHeading(body) ? 1 : 0
  return joinBlocks(renderBlocks(blockChildren(body), { ...OUTSIDE_TABLE, headingShift: shift, photoUrl })).join('\n')
}

/** The category namespace of a French-speaking MediaWiki; `CARNET_WIKI_CATEGORY` names another wiki's. */
export const DEFAULT_CATEGORY_NAMESPACE = 'Catégorie'

/**
 * The page as MediaWiki wikitext: the facts, the body, the source, then categories. No title line:
 * on the wiki, the page's name is its title (see `wikiPageName`).
 */
export function toWikitext(input: ExportInput): string {
  // Tags are not listed here: they become the page's categories, which the wiki shows itself.
  const facts = headerFacts(input).filter((fact) => fact.label !== FACT_LABELS.tags).map(factLine)
  const source = sourceFact(input)
  const footer = [
    ...(source ? [`${source.label}${LABEL_SEPARATOR}${source.href ? wikiUrl(source.href) : wikiText(source.text, OUTSIDE_TABLE)}`] : []),
    exportedFact(input).text,
  ]
  const categories = pageTags(input)
    .map(categoryName)
    .filter((name) => name.length > 0)
    .map((name) => `[[${categoryNamespace(input)}:${name}]]`)
  const sections = [
    [facts.join('<br />\n')],
    [bodyToWikitext(input.body, (photo) => photoUrl(input, photo))].filter((text) => text.length > 0),
    ['----', footer.join('<br />\n')],
    categories,
  ]
  return `${sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n'))
    .join('\n\n')}\n`
}
