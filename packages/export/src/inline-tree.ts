// Turns ProseMirror's flat inline content (text nodes each carrying a set of marks) into the nested
// spans every output format writes: `**a *b***` in Markdown, `'''a ''b'''''` in wikitext, nested
// tags in HTML. Marks are nested so that the longest span opens first, which keeps the output free
// of needless close-and-reopen pairs.
import type { PmMark, PmNode } from '@carnet/core'

export type InlineMark =
  | { type: 'bold' | 'italic' | 'strike' | 'code' }
  | { type: 'link'; href: string }

export type InlineTree =
  | { kind: 'text'; text: string }
  | { kind: 'break' }
  | { kind: 'mark'; mark: InlineMark; children: InlineTree[] }

interface FlatItem {
  leaf: { kind: 'text'; text: string } | { kind: 'break' }
  marks: InlineMark[]
}

// When two marks cover the same span, the first here goes outside. Code goes last: a code span
// cannot hold formatting in any of the formats.
const MARK_ORDER = ['link', 'bold', 'italic', 'strike', 'code'] as const

export function markKey(mark: InlineMark): string {
  return mark.type === 'link' ? `link ${mark.href}` : mark.type
}

function readMark(mark: PmMark): InlineMark | null {
  switch (mark.type) {
    case 'bold':
    case 'italic':
    case 'strike':
    case 'code':
      return { type: mark.type }
    case 'link': {
      const href = mark.attrs?.['href']
      return typeof href === 'string' ? { type: 'link', href } : null
    }
    default:
      return null
  }
}

function readMarks(marks: PmMark[] | undefined): InlineMark[] {
  const byKey = new Map<string, InlineMark>()
  for (const raw of marks ?? []) {
    const mark = readMark(raw)
    // A node can carry one link only; the first one wins, as in ProseMirror.
    if (mark && !(mark.type === 'link' && [...byKey.values()].some((m) => m.type === 'link'))) byKey.set(markKey(mark), mark)
  }
  return [...byKey.values()].sort((a, b) => MARK_ORDER.indexOf(a.type) - MARK_ORDER.indexOf(b.type))
}

function flatten(nodes: PmNode[]): FlatItem[] {
  const items: FlatItem[] = []
  for (const node of nodes) {
    if (node.type === 'hardBreak') {
      items.push({ leaf: { kind: 'break' }, marks: [] })
    } else if (typeof node.text === 'string') {
      // Inline text never holds a line break in the editor; one arriving from elsewhere reads as a space.
      const text = node.text.replace(/\r\n?|\n/g, ' ')
      if (text.length > 0) items.push({ leaf: { kind: 'text', text }, marks: readMarks(node.marks) })
    }
  }
  return items
}

function hasMark(item: FlatItem, key: string): boolean {
  return item.marks.some((mark) => markKey(mark) === key)
}

function nest(items: FlatItem[]): InlineTree[] {
  const trees: InlineTree[] = []
  let index = 0
  while (index < items.length) {
    const item = items[index] as FlatItem
    // Code is only opened once every other mark is, so it always ends up innermost.
    const candidates = item.marks.length > 1 ? item.marks.filter((mark) => mark.type !== 'code') : item.marks
    let chosen: InlineMark | null = null
    let chosenEnd = index + 1
    for (const mark of candidates) {
      const key = markKey(mark)
      // A code span only runs over text that has no other mark left to open.
      const continues = (next: FlatItem): boolean => hasMark(next, key) && (mark.type !== 'code' || next.marks.length === 1)
      let end = index + 1
      while (end < items.length && continues(items[end] as FlatItem)) end++
      // On a tie the mark earlier in MARK_ORDER goes outside, whatever order the node lists its marks in.
      if (chosen === null || end > chosenEnd || (end === chosenEnd && MARK_ORDER.indexOf(mark.type) < MARK_ORDER.indexOf(chosen.type))) {
        chosen = mark
        chosenEnd = end
      }
    }
    if (chosen === null) {
      const previous = trees[trees.length - 1]
      if (previous?.kind === 'text' && item.leaf.kind === 'text') trees[trees.length - 1] = { kind: 'text', text: previous.text + item.leaf.text }
      else trees.push(item.leaf)
      index++
      continue
    }
    const key = markKey(chosen)
    const inner = items.slice(index, chosenEnd).map((it) => ({ leaf: it.leaf, marks: it.marks.filter((m) => markKey(m) !== key) }))
    trees.push({ kind: 'mark', mark: chosen, children: nest(inner) })
    index = chosenEnd
  }
  return trees
}

const EMPHASIS: ReadonlySet<string> = new Set(['bold', 'italic', 'strike'])

function splitSpaces(text: string): { lead: string; core: string; trail: string } {
  const lead = /^\s*/u.exec(text)?.[0] ?? ''
  const rest = text.slice(lead.length)
  const trail = /\s*$/u.exec(rest)?.[0] ?? ''
  return { lead, core: rest.slice(0, rest.length - trail.length), trail }
}

/** Moves spaces at the edges of emphasis nodes out to their siblings (through nested emphasis). */
function hoistEdgeSpaces(trees: InlineTree[]): InlineTree[] {
  return trees.flatMap((tree): InlineTree[] => {
    if (tree.kind !== 'mark') return [tree]
    const children = hoistEdgeSpaces(tree.children)
    if (!EMPHASIS.has(tree.mark.type)) return [{ ...tree, children }]
    let lead = ''
    let trail = ''
    while (children[0]?.kind === 'text') {
      const { lead: space, core, trail: end } = splitSpaces(children[0].text)
      if (!space) break
      lead += space
      if (core || end) {
        children[0] = { kind: 'text', text: core + end }
        break
      }
      children.shift()
    }
    for (;;) {
      const last = children[children.length - 1]
      if (last?.kind !== 'text') break
      const space = /\s*$/u.exec(last.text)?.[0] ?? ''
      if (!space) break
      trail = space + trail
      if (space.length < last.text.length) {
        children[children.length - 1] = { kind: 'text', text: last.text.slice(0, -space.length) }
        break
      }
      children.pop()
    }
    const spaces = (text: string): InlineTree[] => (text ? [{ kind: 'text', text }] : [])
    return [...spaces(lead), ...(children.length > 0 ? [{ ...tree, children }] : []), ...spaces(trail)]
  })
}

function itemsOf(trees: InlineTree[], marks: InlineMark[] = []): FlatItem[] {
  return trees.flatMap((tree) => (tree.kind === 'mark' ? itemsOf(tree.children, [...marks, tree.mark]) : [{ leaf: tree, marks }]))
}

function itemsKey(items: FlatItem[]): string {
  return JSON.stringify(
    items.flatMap((item) =>
      item.leaf.kind === 'text' ? Array.from(item.leaf.text, (char) => [char, item.marks.map(markKey).sort()]) : [['\n', []]],
    ),
  )
}

// Spaces at the edges of a bold, italic or strike span leave it: Markdown cannot write them
// inside (`** x**` is not bold) and wikitext is cleaner without. Moving a space out can change
// which span is longest and so the nesting, so this repeats until the spans hold still: the result
// depends only on which marks each character carries, and an exported page reads back the same.
function nestWithSpacesOutside(items: FlatItem[]): InlineTree[] {
  let current = items
  for (;;) {
    const tree = nest(current)
    const hoisted = itemsOf(hoistEdgeSpaces(tree))
    if (itemsKey(hoisted) === itemsKey(current)) return tree
    current = hoisted
  }
}

export interface InlineTreeOptions {
  /** Move spaces at the edges of bold, italic and strike spans outside them (for text formats). */
  spacesOutsideEmphasis?: boolean
}

/** Inline nodes (text with marks, hard breaks) as nested spans. Unknown marks are dropped. */
export function inlineTree(nodes: PmNode[], options: InlineTreeOptions = {}): InlineTree[] {
  const items = flatten(nodes)
  return options.spacesOutsideEmphasis ? nestWithSpacesOutside(items) : nest(items)
}

export function treeText(trees: InlineTree[], breakText = '\n'): string {
  return trees
    .map((tree) => (tree.kind === 'text' ? tree.text : tree.kind === 'break' ? breakText : treeText(tree.children, breakText)))
    .join('')
}
