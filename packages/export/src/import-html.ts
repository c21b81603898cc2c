// HTML in, a page body out: web pages saved from a browser, exports of other editors, our own HTML
// export, and what mammoth makes of a .docx. htmlparser2 (maintained, forgiving, no DOM needed, so
// the same code runs in the browser and in the relay) does the parsing; this module maps elements
// onto the editor's schema, the way ProseMirror's DOMParser would: headings, paragraphs, lists
// (task lists too), quotes, code, rules and tables become theirs; bold, italic, strike, code and
// links become marks; every other element gives its content. Scripts, styles and comments go.
import type { PmMark, PmNode } from '@carnet/core'
import { parseDocument } from 'htmlparser2'
import { withoutCarnetFrame } from './carnet-frame.js'
import { fitToSchema } from './fit-to-schema.js'
import type { ImportedPage } from './imported-page.js'
import { assertWithinPageLimits, MAX_SOURCE_DEPTH, sourceTooDeep } from './import-limits.js'
import { safeHref } from './link-policy.js'
import { oneLineText } from './read-body.js'
import { FACT_LABELS } from './page-facts.js'

/** The part of htmlparser2's tree (domhandler nodes) this module reads. */
interface HtmlNode {
  type: string
  name?: string
  attribs?: Record<string, string>
  data?: string
  children?: HtmlNode[]
}

const SKIPPED: ReadonlySet<string> = new Set(['script', 'style', 'template', 'noscript', 'head', 'iframe', 'object', 'svg', 'math', 'select', 'button', 'textarea'])
const HEADINGS: Readonly<Record<string, number>> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 }
const MARK_OF: Readonly<Record<string, PmMark['type']>> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  cite: 'italic',
  dfn: 'italic',
  s: 'strike',
  strike: 'strike',
  del: 'strike',
  code: 'code',
  kbd: 'code',
  samp: 'code',
  tt: 'code',
}
// Elements that start a block of their own (those not mapped give their content as blocks).
const BLOCK_ELEMENTS: ReadonlySet<string> = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset', 'figcaption',
  'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'html', 'li', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'caption',
])
const ALIGNMENTS: ReadonlySet<string> = new Set(['left', 'center', 'right'])
const CELL_ATTRS = { colspan: 1, rowspan: 1, colwidth: null }

interface Walk {
  title: string | null
  /** Read from the facts under the title of a page Carnet exported (`<dl class="facts">`). */
  facts: { date: string | null; place: string | null; tags: string[] }
}

function hasClass(node: HtmlNode, name: string): boolean {
  return (node.attribs?.['class'] ?? '').split(/\s+/).includes(name)
}

function isElement(node: HtmlNode): boolean {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style'
}

function containsBlock(node: HtmlNode, depth: number): boolean {
  if (depth > MAX_SOURCE_DEPTH) throw sourceTooDeep()
  return (node.children ?? []).some((child) => isElement(child) && (BLOCK_ELEMENTS.has(child.name ?? '') || containsBlock(child, depth + 1)))
}

function textOf(node: HtmlNode): string {
  if (node.type === 'text') return node.data ?? ''
  if (!isElement(node) || SKIPPED.has(node.name ?? '')) return ''
  if (node.name === 'br') return '\n'
  return (node.children ?? []).map(textOf).join('')
}

function addMark(marks: PmMark[], mark: PmMark): PmMark[] {
  // One link at a time, as in the editor: the innermost wins.
  const kept = marks.filter((m) => m.type !== mark.type)
  // Code excludes every other mark in the editor.
  return mark.type === 'code' ? [mark] : marks.some((m) => m.type === 'code') ? marks : [...kept, mark]
}

function markOf(element: HtmlNode): PmMark | null {
  const name = element.name ?? ''
  if (name === 'a') {
    const href = safeHref(element.attribs?.['href'])
    return href ? { type: 'link', attrs: { href } } : null
  }
  const type = MARK_OF[name]
  if (type) return { type }
  // Word and Google Docs write formatting as styles.
  const style = (element.attribs?.['style'] ?? '').toLowerCase()
  if (/font-weight\s*:\s*(?:bold|[6-9]00)/.test(style)) return { type: 'bold' }
  if (/font-style\s*:\s*italic/.test(style)) return { type: 'italic' }
  if (/text-decoration[^;]*line-through/.test(style)) return { type: 'strike' }
  return null
}

function textNode(text: string, marks: PmMark[]): PmNode {
  return marks.length > 0 ? { type: 'text', text, marks: marks.map((mark) => ({ ...mark })) } : { type: 'text', text }
}

/** Inline content of a node whose descendants are all inline. */
function inlineOf(nodes: HtmlNode[], marks: PmMark[], walk: Walk, depth: number): PmNode[] {
  if (depth > MAX_SOURCE_DEPTH) throw sourceTooDeep()
  const out: PmNode[] = []
  for (const node of nodes) {
    if (node.type === 'text') {
      const text = (node.data ?? '').replace(/[ \t\n\r\f]+/g, ' ')
      if (text) out.push(textNode(text, marks))
      continue
    }
    if (!isElement(node) || SKIPPED.has(node.name ?? '')) continue
    const name = node.name ?? ''
    if (name === 'br') {
      out.push({ type: 'hardBreak' })
      continue
    }
    if (name === 'img') {
      // A picture elsewhere is not one of the page's photos (their bytes live in Carnet's archive):
      // it becomes a link to it, named by its description.
      const src = safeHref(node.attribs?.['src'])
      const alt = (node.attribs?.['alt'] ?? '').replace(/\s+/g, ' ').trim() || (src ?? '')
      if (alt) out.push(textNode(alt, src && !marks.some((m) => m.type === 'link') ? addMark(marks, { type: 'link', attrs: { href: src } }) : marks))
      continue
    }
    // A task's box is its item's `checked` attribute, not text.
    if (name === 'input' || hasClass(node, 'task-box')) continue
    const mark = markOf(node)
    out.push(...inlineOf(node.children ?? [], mark ? addMark(marks, mark) : marks, walk, depth + 1))
  }
  return out
}

/** Collapsed whitespace trimmed at the edges of a textblock, as a browser shows it. */
function trimInline(nodes: PmNode[]): PmNode[] {
  const out = nodes.map((node) => ({ ...node }))
  // A space after a line break or at either end does not show.
  for (let i = 0; i < out.length; i++) {
    const node = out[i] as PmNode
    const previous = out[i - 1]
    if (node.type === 'text' && (i === 0 || previous?.type === 'hardBreak' || previous?.text?.endsWith(' '))) node.text = (node.text ?? '').replace(/^ +/, '')
  }
  for (let i = out.length - 1; i >= 0; i--) {
    const node = out[i] as PmNode
    if (node.type !== 'text') break
    node.text = (node.text ?? '').replace(/ +$/, '')
    if (node.text) break
  }
  return out.filter((node) => node.type !== 'text' || node.text)
}

function attrNumber(element: HtmlNode, name: string, fallback: number, max: number): number {
  const value = Number.parseInt(element.attribs?.[name] ?? '', 10)
  return Number.isInteger(value) && value >= 1 && value <= max ? value : fallback
}

function cellAlignment(element: HtmlNode): string | null {
  const attribute = (element.attribs?.['align'] ?? '').toLowerCase()
  const fromStyle = /text-align\s*:\s*(left|center|right)/i.exec(element.attribs?.['style'] ?? '')?.[1]?.toLowerCase()
  const align = fromStyle ?? attribute
  return ALIGNMENTS.has(align) ? align : null
}

function tableOf(element: HtmlNode, marks: PmMark[], walk: Walk, depth: number): PmNode[] {
  const rows: PmNode[] = []
  const before: PmNode[] = []
  const visit = (node: HtmlNode, level: number): void => {
    if (level > MAX_SOURCE_DEPTH) throw sourceTooDeep()
    for (const child of node.children ?? []) {
      if (!isElement(child)) continue
      const name = child.name ?? ''
      if (name === 'caption') before.push(...blocksOf(child.children ?? [], marks, walk, level + 1))
      else if (name === 'thead' || name === 'tbody' || name === 'tfoot') visit(child, level + 1)
      else if (name === 'tr') {
        const cells = (child.children ?? [])
          .filter((cell) => isElement(cell) && (cell.name === 'td' || cell.name === 'th'))
          .map((cell): PmNode => {
            const align = cellAlignment(cell)
            const attrs = {
              ...CELL_ATTRS,
              colspan: attrNumber(cell, 'colspan', 1, 1000),
              rowspan: attrNumber(cell, 'rowspan', 1, 1000),
              ...(align ? { align } : {}),
            }
            return { type: cell.name === 'th' ? 'tableHeader' : 'tableCell', attrs, content: blocksOf(cell.children ?? [], marks, walk, level + 2) }
          })
        rows.push({ type: 'tableRow', content: cells })
      }
    }
  }
  visit(element, depth)
  return [...before, { type: 'table', content: rows }]
}

function checkboxOf(item: HtmlNode): HtmlNode | null {
  // <li><input type="checkbox" checked> …</li>, or Tiptap's <li data-checked><label><input …></label><div>…</div></li>.
  const stack = [...(item.children ?? [])].slice(0, 3)
  while (stack.length > 0) {
    const node = stack.shift() as HtmlNode
    if (!isElement(node)) continue
    if (node.name === 'input' && (node.attribs?.['type'] ?? '').toLowerCase() === 'checkbox') return node
    if (node.name === 'label') stack.unshift(...(node.children ?? []))
  }
  return null
}

function listOf(element: HtmlNode, marks: PmMark[], walk: Walk, depth: number): PmNode {
  const items = (element.children ?? []).filter((child) => isElement(child) || (child.type === 'text' && (child.data ?? '').trim()))
  const boxes = items.map((item) => (item.name === 'li' ? checkboxOf(item) : null))
  // Tiptap's HTML says `data-checked`; Carnet's export `class="task-item done"`.
  const dataChecked = items.map((item) => item.attribs?.['data-checked'] ?? (hasClass(item, 'task-item') ? String(hasClass(item, 'done')) : undefined))
  const isTaskList = items.length > 0 && items.every((item, index) => boxes[index] !== null || dataChecked[index] !== undefined)
  const content = items.map((item, index): PmNode => {
    const inner = item.name === 'li' ? (item.children ?? []) : [item]
    const blocks = blocksOf(inner, marks, walk, depth + 1)
    if (!isTaskList) return { type: 'listItem', content: blocks }
    const box = boxes[index]
    const checked = box ? box.attribs?.['checked'] !== undefined : dataChecked[index] === 'true'
    return { type: 'taskItem', attrs: { checked }, content: blocks }
  })
  if (isTaskList) return { type: 'taskList', content }
  if (element.name === 'ol') return { type: 'orderedList', attrs: { start: attrNumber(element, 'start', 1, 999_999_999), type: null }, content }
  return { type: 'bulletList', content }
}

function blockOf(element: HtmlNode, marks: PmMark[], walk: Walk, depth: number): PmNode[] {
  const name = element.name ?? ''
  const children = element.children ?? []
  const level = HEADINGS[name]
  if (level !== undefined) return [{ type: 'heading', attrs: { level }, content: trimInline(inlineOf(children, marks, walk, depth + 1)) }]
  switch (name) {
    case 'p':
    case 'dt':
    case 'summary':
    case 'figcaption':
      return containsBlock(element, depth) ? blocksOf(children, marks, walk, depth + 1) : [{ type: 'paragraph', content: trimInline(inlineOf(children, marks, walk, depth + 1)) }]
    case 'ul':
    case 'ol':
    case 'menu':
      return [listOf(element, marks, walk, depth)]
    case 'blockquote':
      return [{ type: 'blockquote', content: blocksOf(children, marks, walk, depth + 1) }]
    case 'pre': {
      const code = textOf(element).replace(/^\n/, '').replace(/\n$/, '')
      const codeChild = children.find((child) => child.name === 'code')
      const language = /(?:^|\s)language-([A-Za-z0-9_+#.-]{1,40})/.exec(codeChild?.attribs?.['class'] ?? element.attribs?.['class'] ?? '')?.[1] ?? null
      return [{ type: 'codeBlock', attrs: { language }, content: code ? [{ type: 'text', text: code }] : [] }]
    }
    case 'hr':
      return [{ type: 'horizontalRule' }]
    case 'table':
      return tableOf(element, marks, walk, depth)
    default:
      return blocksOf(children, marks, walk, depth + 1)
  }
}

/** Block content: runs of inline nodes become paragraphs, block elements their blocks. */
function blocksOf(nodes: HtmlNode[], marks: PmMark[], walk: Walk, depth: number): PmNode[] {
  if (depth > MAX_SOURCE_DEPTH) throw sourceTooDeep()
  const blocks: PmNode[] = []
  let run: HtmlNode[] = []
  const flush = (): void => {
    const inline = trimInline(inlineOf(run, marks, walk, depth + 1))
    if (inline.length > 0) blocks.push({ type: 'paragraph', content: inline })
    run = []
  }
  for (const node of nodes) {
    if (!isElement(node)) {
      if (node.type === 'text') run.push(node)
      continue
    }
    const name = node.name ?? ''
    if (name === 'title') {
      walk.title ??= textOf(node).replace(/\s+/g, ' ').trim() || null
      continue
    }
    if (SKIPPED.has(name) || name === 'nav' || name === 'footer') continue
    if (name === 'dl' && /(?:^|\s)facts(?:\s|$)/.test(node.attribs?.['class'] ?? '')) {
      readFacts(node, walk)
      continue
    }
    if (BLOCK_ELEMENTS.has(name)) {
      flush()
      blocks.push(...blockOf(node, marks, walk, depth))
    } else if (containsBlock(node, depth)) {
      // An inline element wrapped around blocks (<b><p>…</p></b>) lends its mark to them.
      flush()
      const mark = markOf(node)
      blocks.push(...blocksOf(node.children ?? [], mark ? addMark(marks, mark) : marks, walk, depth + 1))
    } else {
      run.push(node)
    }
  }
  flush()
  return blocks
}

// The labels Carnet's exports write (page-facts.ts), so that an exported page imports back whole.
function readFacts(list: HtmlNode, walk: Walk): void {
  let label = ''
  for (const child of list.children ?? []) {
    if (child.name === 'dt') label = textOf(child).trim()
    if (child.name !== 'dd') continue
    const value = textOf(child).replace(/\s+/g, ' ').trim()
    if (label === FACT_LABELS.date) {
      const time = (child.children ?? []).find((node) => node.name === 'time')
      const day = time?.attribs?.['datetime'] ?? ''
      if (/^\d{4}-\d{2}-\d{2}$/.test(day)) walk.facts.date = day
    } else if (label === FACT_LABELS.place) walk.facts.place = value || null
    else if (label === FACT_LABELS.tags) walk.facts.tags = value.split(/\s*,\s*/).filter(Boolean)
  }
}

/** The body of a parsed HTML document, and its `<title>` if it has one. */
export function htmlToBlocks(html: string): { title: string | null; blocks: PmNode[]; facts: Walk['facts'] } {
  const walk: Walk = { title: null, facts: { date: null, place: null, tags: [] } }
  const root = parseDocument(html, { decodeEntities: true }) as unknown as HtmlNode
  const blocks = blocksOf(root.children ?? [], [], walk, 0)
  return { title: walk.title, blocks, facts: walk.facts }
}

/**
 * Reads HTML into a page. The title is the document's `<title>`, else a leading level-1 heading
 * (which then leaves the body, as the page shows its title above it).
 */
export function htmlToPage(html: string): ImportedPage {
  const { title, blocks, facts } = htmlToBlocks(html)
  let pageTitle = title
  const first = blocks[0]
  if (first?.type === 'heading' && first.attrs?.['level'] === 1 && (pageTitle === null || oneLineText(first) === pageTitle)) {
    pageTitle = oneLineText(first) || pageTitle
    blocks.shift()
  }
  // A .docx Carnet exported writes its facts as paragraphs (mammoth's HTML), not as a <dl>.
  const framed = withoutCarnetFrame(blocks)
  const body = fitToSchema({ type: 'doc', content: framed.blocks }) ?? { type: 'doc', content: [{ type: 'paragraph' }] }
  return {
    title: pageTitle,
    date: facts.date,
    place: facts.place ?? framed.facts.place,
    tags: facts.tags.length > 0 ? facts.tags : framed.facts.tags,
    body: assertWithinPageLimits(body),
  }
}
