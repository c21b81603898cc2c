// Markdown in, a page body out: for notes written elsewhere (pads, forges, HedgeDoc) and for reading
// back our own Markdown export. markdown-it does the parsing (CommonMark + GFM tables and
// strikethrough); this module maps its tokens onto the editor schema and nothing else — raw HTML
// and anything the schema cannot hold become text, HTML comments go, a table cell's inline HTML
// lists (how our export writes them) are read as lists — reads YAML front matter
// (front-matter.ts), and drops the title, facts and footer lines `toMarkdown` adds, so that
// exporting, importing and exporting again gives the same Markdown.
import { MARKS, type PmMark, type PmNode } from '@carnet/core'
import MarkdownIt from 'markdown-it'
import type Token from 'markdown-it/lib/token.mjs'
import { safeHref } from './link-policy.js'
import { oneLineText } from './read-body.js'
import { EXPORTED_FROM, FACT_LABELS, LABEL_SEPARATOR } from './page-facts.js'
import { fitToSchema, withContent } from './fit-to-schema.js'
import { splitFrontMatter } from './front-matter.js'
import type { ImportedPage } from './imported-page.js'
import { htmlToBlocks } from './import-html.js'
import { assertWithinPageLimits } from './import-limits.js'

const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false })
// Keep link targets as written (markdown-it would percent-encode them), so hrefs survive a round
// trip; markdown-it still refuses `javascript:` and friends, and `safeHref` narrows further.
markdown.normalizeLink = (url) => url
markdown.normalizeLinkText = (text) => text

const TASK_BOX = /^\[([ xX])\](?: |$)/
const HARD_BREAK_TAG = /^<br\s*\/?>$/i
const BLOCK_TAG = /^<(?:ul|ol|li|p|blockquote|pre)\b/i
const HTML_COMMENT = /^<!--[\s\S]*-->$/
const HTML_COMMENTS = /<!--[\s\S]*?-->/g
const FACT_LINE = new RegExp(`^(?:${[FACT_LABELS.date, FACT_LABELS.place, FACT_LABELS.tags, FACT_LABELS.licence].join('|')})${LABEL_SEPARATOR}`)
const LICENCE_LINE = new RegExp(`^${FACT_LABELS.licence}${LABEL_SEPARATOR}`)
const FOOTER_LINE = new RegExp(`^(?:${FACT_LABELS.source}${LABEL_SEPARATOR}|${EXPORTED_FROM}(?: le |$))`)
const EXPORTED_LINE = new RegExp(`^${EXPORTED_FROM}(?: le |$)`)

/** What an import gives: the title (from a leading `# heading`), the body as a `doc` node, and what Carnet's fact lines said. */
export interface ImportedMarkdown {
  title: string | null
  body: PmNode
  place: string | null
  tags: string[]
}

interface Build {
  /** The Markdown source of each paragraph, to recognise task boxes and our own fact lines. */
  paragraphSource: WeakMap<PmNode, string>
}

function markRank(mark: PmMark): number {
  return (MARKS as readonly string[]).indexOf(mark.type)
}

function sameMarks(a: PmMark[] | undefined, b: PmMark[]): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b)
}

function pushText(nodes: PmNode[], text: string, activeMarks: PmMark[]): void {
  if (text.length === 0) return
  // The editor's code mark excludes every other mark.
  const code = activeMarks.find((mark) => mark.type === 'code')
  const marks = code ? [code] : [...activeMarks].sort((a, b) => markRank(a) - markRank(b))
  const previous = nodes[nodes.length - 1]
  if (previous?.type === 'text' && sameMarks(previous.marks, marks)) {
    previous.text = `${previous.text ?? ''}${text}`
    return
  }
  nodes.push(marks.length > 0 ? { type: 'text', text, marks } : { type: 'text', text })
}

function inlineNodes(tokens: Token[]): PmNode[] {
  const nodes: PmNode[] = []
  const marks: PmMark[] = []
  // A link markdown-it accepted but our link policy refuses still has its closing token.
  const links: Array<PmMark | null> = []
  // Emphasis nests (`_Voir *Les Misérables* de Victor Hugo_`): a mark ends with its outermost span.
  const depth = new Map<string, number>()
  const open = (type: string): void => {
    depth.set(type, (depth.get(type) ?? 0) + 1)
    if (!marks.some((mark) => mark.type === type)) marks.push({ type })
  }
  const close = (type: string): void => {
    const left = (depth.get(type) ?? 1) - 1
    depth.set(type, left)
    if (left > 0) return
    const index = marks.findIndex((mark) => mark.type === type)
    if (index >= 0) marks.splice(index, 1)
  }
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        pushText(nodes, token.content, marks)
        break
      case 'softbreak':
        pushText(nodes, ' ', marks)
        break
      case 'hardbreak':
        nodes.push({ type: 'hardBreak' })
        break
      case 'code_inline':
        pushText(nodes, token.content, [...marks, { type: 'code' }])
        break
      case 'strong_open':
        open('bold')
        break
      case 'strong_close':
        close('bold')
        break
      case 'em_open':
        open('italic')
        break
      case 'em_close':
        close('italic')
        break
      case 's_open':
        open('strike')
        break
      case 's_close':
        close('strike')
        break
      case 'link_open': {
        const href = safeHref(token.attrGet('href'))
        const link = href ? { type: 'link', attrs: { href } } : null
        links.push(link)
        if (link) marks.push(link)
        break
      }
      case 'link_close': {
        const link = links.pop()
        if (link) marks.splice(marks.indexOf(link), 1)
        break
      }
      case 'image': {
        // A picture elsewhere is not one of the page's photos (their bytes live in Carnet's archive):
        // it becomes a link to it, named by its description.
        const src = safeHref(token.attrGet('src'))
        // A description wrapped over two lines keeps the space between them.
        const alt = (token.children ?? []).map((child) => (child.type === 'softbreak' || child.type === 'hardbreak' ? ' ' : child.content)).join('') || (src ?? '')
        pushText(nodes, alt, src && !marks.some((m) => m.type === 'link') ? [...marks, { type: 'link', attrs: { href: src } }] : marks)
        break
      }
      case 'html_inline':
        if (HARD_BREAK_TAG.test(token.content)) nodes.push({ type: 'hardBreak' })
        // A comment is a note to whoever edits the source, not text of the page.
        else if (!HTML_COMMENT.test(token.content)) pushText(nodes, token.content, marks)
        break
      default:
        pushText(nodes, token.content, marks)
    }
  }
  return nodes
}

/** Raw HTML kept as text, line by line; its `<br>` tags (all a paragraph of hard breaks gives) are breaks. */
function htmlBlockToInline(html: string): PmNode[] {
  return html.split(/\n|<br\s*\/?>/i).flatMap((part, index): PmNode[] => {
    const textNode: PmNode[] = part.length > 0 ? [{ type: 'text', text: part }] : []
    return index === 0 ? textNode : [{ type: 'hardBreak' }, ...textNode]
  })
}


const CELL_ATTRS = { colspan: 1, rowspan: 1, colwidth: null }

/** A GFM column's alignment (`:---:`), which markdown-it gives each cell as a style. */
function cellAlignment(token: Token): { align?: string } {
  const align = /text-align:(left|center|right)/.exec(token.attrGet('style') ?? '')?.[1]
  return align ? { align } : {}
}

function openedNode(token: Token): PmNode | null {
  switch (token.type) {
    case 'paragraph_open':
      return { type: 'paragraph' }
    case 'heading_open':
      return { type: 'heading', attrs: { level: Math.min(6, Math.max(1, Number(token.tag.slice(1)) || 1)) } }
    case 'bullet_list_open':
      return { type: 'bulletList' }
    case 'ordered_list_open':
      return { type: 'orderedList', attrs: { start: Number(token.attrGet('start') ?? 1) } }
    case 'list_item_open':
      return { type: 'listItem' }
    case 'blockquote_open':
      return { type: 'blockquote' }
    case 'table_open':
      return { type: 'table' }
    case 'tr_open':
      return { type: 'tableRow' }
    case 'th_open':
      return { type: 'tableHeader', attrs: { ...CELL_ATTRS, ...cellAlignment(token) } }
    case 'td_open':
      return { type: 'tableCell', attrs: { ...CELL_ATTRS, ...cellAlignment(token) } }
    default:
      return null
  }
}

/** A bullet list whose every item starts with `[ ]` or `[x]` is a task list. */
function asTaskList(list: PmNode, build: Build): PmNode {
  const items = list.content ?? []
  const boxes = items.map((item) => {
    const first = item.content?.[0]
    const source = first?.type === 'paragraph' ? build.paragraphSource.get(first) : undefined
    const box = source === undefined ? null : TASK_BOX.exec(source)
    const firstText = first?.content?.[0]
    // The box must have been read as plain text, not as the start of a link.
    return box && firstText?.type === 'text' && firstText.text?.startsWith(box[0].trimEnd()) ? box : null
  })
  if (items.length === 0 || boxes.some((box) => box === null)) return list
  return {
    type: 'taskList',
    content: items.map((item, index) => {
      const box = boxes[index] as RegExpExecArray
      const [first, ...rest] = item.content ?? []
      const [firstText, ...otherInline] = first?.content ?? []
      const remaining = (firstText?.text ?? '').slice(box[0].length)
      const inline = remaining.length > 0 && firstText ? [{ ...firstText, text: remaining }, ...otherInline] : otherInline
      const paragraph = withContent({ type: 'paragraph' }, inline)
      return withContent({ type: 'taskItem', attrs: { checked: box[1] !== ' ' } }, [paragraph, ...rest])
    }),
  }
}

function tokensToDoc(tokens: Token[], build: Build): PmNode[] {
  const root: PmNode = { type: 'doc', content: [] }
  const stack: PmNode[] = [root]
  const top = (): PmNode => stack[stack.length - 1] as PmNode
  const append = (node: PmNode): void => {
    ;(top().content ??= []).push(node)
  }
  for (const token of tokens) {
    const opened = openedNode(token)
    if (opened) {
      append(opened)
      stack.push(opened)
      continue
    }
    switch (token.type) {
      case 'paragraph_close':
      case 'heading_close':
      case 'list_item_close':
      case 'ordered_list_close':
      case 'blockquote_close':
      case 'table_close':
      case 'tr_close':
      case 'th_close':
      case 'td_close':
        stack.pop()
        break
      case 'bullet_list_close': {
        const list = stack.pop() as PmNode
        const parent = top()
        const content = parent.content ?? []
        content[content.length - 1] = asTaskList(list, build)
        break
      }
      case 'inline': {
        const parent = top()
        const inline = inlineNodes(token.children ?? [])
        if (parent.type === 'tableCell' || parent.type === 'tableHeader') {
          // GFM cells hold one line: lists and paragraphs in a cell are written as inline HTML
          // (to-markdown.ts), and read back through the HTML import.
          const children = token.children ?? []
          if (children.some((child) => child.type === 'html_inline' && BLOCK_TAG.test(child.content))) {
            ;(parent.content ??= []).push(...htmlToBlocks(markdown.renderer.renderInline(children, markdown.options, {})).blocks)
          } else append(withContent({ type: 'paragraph' }, inline))
        } else {
          if (parent.type === 'paragraph') build.paragraphSource.set(parent, token.content)
          if (inline.length > 0) (parent.content ??= []).push(...inline)
        }
        break
      }
      case 'fence':
      case 'code_block': {
        // markdown-it ends code with a line break the editor does not keep.
        const code = token.content.endsWith('\n') ? token.content.slice(0, -1) : token.content
        const language = token.type === 'fence' ? markdown.utils.unescapeAll(token.info).trim().split(/\s+/)[0] || null : null
        append(withContent({ type: 'codeBlock', attrs: { language } }, code.length > 0 ? [{ type: 'text', text: code }] : []))
        break
      }
      case 'hr':
        append({ type: 'horizontalRule' })
        break
      case 'html_block': {
        const html = token.content.replace(HTML_COMMENTS, '').replace(/\n+$/, '')
        if (html.trim()) append(withContent({ type: 'paragraph' }, htmlBlockToInline(html)))
        break
      }
      default:
        // thead/tbody wrappers and anything a plugin might add carry nothing the schema holds.
        break
    }
  }
  return root.content ?? []
}

function sourceLines(paragraph: PmNode | undefined, build: Build): string[] | null {
  if (paragraph?.type !== 'paragraph') return null
  const source = build.paragraphSource.get(paragraph)
  return source === undefined ? null : source.split('\n').map((line) => line.replace(/\\$/, ''))
}

function isFactsParagraph(node: PmNode | undefined, build: Build): boolean {
  const lines = sourceLines(node, build)
  return lines !== null && lines.every((line) => FACT_LINE.test(line)) && lines.some((line) => LICENCE_LINE.test(line))
}

function isFooterParagraph(node: PmNode | undefined, build: Build): boolean {
  const lines = sourceLines(node, build)
  return lines !== null && lines.every((line) => FOOTER_LINE.test(line)) && lines.some((line) => EXPORTED_LINE.test(line))
}

/** The values of Carnet's own fact lines (`Lieu : …`, `Étiquettes : …`), read from the paragraph the import drops. */
function factValues(node: PmNode | undefined): { place: string | null; tags: string[] } {
  const lines = ['']
  for (const child of node?.content ?? []) {
    if (child.type === 'hardBreak') lines.push('')
    else lines[lines.length - 1] += child.text ?? ''
  }
  const value = (label: string): string | null => {
    const line = lines.find((text) => text.startsWith(`${label}${LABEL_SEPARATOR}`))
    return line === undefined ? null : line.slice(label.length + LABEL_SEPARATOR.length).trim()
  }
  return { place: value(FACT_LABELS.place) || null, tags: (value(FACT_LABELS.tags) ?? '').split(/\s*,\s*/).filter(Boolean) }
}

function hasFormatting(node: PmNode): boolean {
  return (node.content ?? []).some((child) => (child.marks ?? []).length > 0 || child.type === 'hardBreak')
}

/**
 * Reads Markdown into a page body. A leading level-1 heading becomes the title; the fact lines and
 * footer that `toMarkdown` writes are recognised and left out.
 */
export function markdownToJson(source: string): ImportedMarkdown {
  const build: Build = { paragraphSource: new WeakMap() }
  const blocks = tokensToDoc(markdown.parse(source, {}), build)
  let title: string | null = null
  let facts: { place: string | null; tags: string[] } = { place: null, tags: [] }
  const first = blocks[0]
  if (first?.type === 'heading' && first.attrs?.['level'] === 1) {
    title = oneLineText(first)
    // The title is plain text: a heading with bold, italic or a link stays in the body too, so
    // none of its formatting is lost.
    if (!hasFormatting(first)) blocks.shift()
    if (isFactsParagraph(blocks[0], build)) facts = factValues(blocks.shift())
  }
  if (isFooterParagraph(blocks[blocks.length - 1], build)) {
    blocks.pop()
    if (blocks[blocks.length - 1]?.type === 'horizontalRule') blocks.pop()
  }
  const body = fitToSchema({ type: 'doc', content: blocks }) ?? { type: 'doc', content: [{ type: 'paragraph' }] }
  return { title, body, ...facts }
}

/** Markdown as a page: YAML front matter (HedgeDoc, static sites) names the title, tags, date and place first. */
export function markdownToPage(source: string): ImportedPage {
  const { matter, rest } = splitFrontMatter(source)
  const imported = markdownToJson(rest)
  const tags = matter.tags.length > 0 ? matter.tags : imported.tags
  return {
    title: matter.title ?? imported.title,
    tags,
    date: matter.date,
    place: matter.place ?? imported.place,
    body: assertWithinPageLimits(imported.body),
  }
}
