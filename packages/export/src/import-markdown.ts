// Markdown in, a page body out: for pasting notes written elsewhere and for reading back our own
// Markdown export. markdown-it does the parsing (CommonMark + GFM tables and strikethrough); this
// module maps its tokens onto the editor schema and nothing else — raw HTML and anything the schema
// cannot hold become text — and drops the title, facts and footer lines `toMarkdown` adds, so
// that exporting, importing and exporting again gives the same Markdown.
import { MARKS, type PmMark, type PmNode } from '@carnet/core'
import MarkdownIt from 'markdown-it'
import type Token from 'markdown-it/lib/token.mjs'
import { safeHref } from './link-policy.js'
import { EXPORTED_FROM, FACT_LABELS, LABEL_SEPARATOR } from './page-facts.js'

const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false })
// Keep link targets as written (markdown-it would percent-encode them), so hrefs survive a round
// trip; markdown-it still refuses `javascript:` and friends, and `safeHref` narrows further.
markdown.normalizeLink = (url) => url
markdown.normalizeLinkText = (text) => text

const TASK_BOX = /^\[([ xX])\](?: |$)/
const HARD_BREAK_TAG = /^<br\s*\/?>$/i
const FACT_LINE = new RegExp(`^(?:${[FACT_LABELS.date, FACT_LABELS.place, FACT_LABELS.tags, FACT_LABELS.licence].join('|')})${LABEL_SEPARATOR}`)
const LICENCE_LINE = new RegExp(`^${FACT_LABELS.licence}${LABEL_SEPARATOR}`)
const FOOTER_LINE = new RegExp(`^(?:${FACT_LABELS.source}${LABEL_SEPARATOR}|${EXPORTED_FROM}(?: le |$))`)
const EXPORTED_LINE = new RegExp(`^${EXPORTED_FROM}(?: le |$)`)

/** What an import gives: the title (from a leading `# heading`) and the body, as a `doc` node. */
export interface ImportedMarkdown {
  title: string | null
  body: PmNode
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
  const open = (type: string): void => {
    if (!marks.some((mark) => mark.type === type)) marks.push({ type })
  }
  const close = (type: string): void => {
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
        // The schema has no images: a picture becomes a link to it, named by its description.
        const src = safeHref(token.attrGet('src'))
        const alt = (token.children ?? []).map((child) => child.content).join('') || (src ?? '')
        pushText(nodes, alt, src && !marks.some((m) => m.type === 'link') ? [...marks, { type: 'link', attrs: { href: src } }] : marks)
        break
      }
      case 'html_inline':
        if (HARD_BREAK_TAG.test(token.content)) nodes.push({ type: 'hardBreak' })
        else pushText(nodes, token.content, marks)
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

function withContent(node: PmNode, content: PmNode[]): PmNode {
  return content.length > 0 ? { ...node, content } : node
}

const CELL_ATTRS = { colspan: 1, rowspan: 1, colwidth: null }

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
      return { type: 'tableHeader', attrs: { ...CELL_ATTRS } }
    case 'td_open':
      return { type: 'tableCell', attrs: { ...CELL_ATTRS } }
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
          append(withContent({ type: 'paragraph' }, inline))
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
      case 'html_block':
        append(withContent({ type: 'paragraph' }, htmlBlockToInline(token.content.replace(/\n+$/, ''))))
        break
      default:
        // thead/tbody wrappers and anything a plugin might add carry nothing the schema holds.
        break
    }
  }
  return root.content ?? []
}

/** Makes the tree valid for the editor: containers that need a first paragraph or any block get one. */
function fitToSchema(node: PmNode): PmNode {
  const content = (node.content ?? []).map(fitToSchema)
  switch (node.type) {
    case 'listItem':
    case 'taskItem':
      if (content[0]?.type !== 'paragraph') content.unshift({ type: 'paragraph' })
      break
    case 'blockquote':
    case 'tableCell':
    case 'tableHeader':
      if (content.length === 0) content.push({ type: 'paragraph' })
      break
  }
  const { content: _previous, ...rest } = node
  return withContent(rest, content)
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

function headingText(node: PmNode): string {
  return (node.content ?? [])
    .map((child) => (child.type === 'hardBreak' ? ' ' : (child.text ?? '')))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * Reads Markdown into a page body. A leading level-1 heading becomes the title; the fact lines and
 * footer that `toMarkdown` writes are recognised and left out.
 */
export function markdownToJson(source: string): ImportedMarkdown {
  const build: Build = { paragraphSource: new WeakMap() }
  const blocks = tokensToDoc(markdown.parse(source, {}), build)
  let title: string | null = null
  const first = blocks[0]
  if (first?.type === 'heading' && first.attrs?.['level'] === 1) {
    title = headingText(first)
    blocks.shift()
    if (isFactsParagraph(blocks[0], build)) blocks.shift()
  }
  if (isFooterParagraph(blocks[blocks.length - 1], build)) {
    blocks.pop()
    if (blocks[blocks.length - 1]?.type === 'horizontalRule') blocks.pop()
  }
  const content = blocks.map(fitToSchema)
  return { title, body: { type: 'doc', content: content.length > 0 ? content : [{ type: 'paragraph' }] } }
}
