// The last step of every import: makes a body the importers built valid for the editor's schema
// (packages/core/src/page-schema.ts), the way ProseMirror would repair it on load, so that what
// the archive stores is what the editor shows. Containers that need a first paragraph or any block
// get one, lists and tables without items or cells go, text at block level is wrapped in a
// paragraph, and code blocks hold plain text only.
import type { PmNode } from '@carnet/core'

const CELL_TYPES: ReadonlySet<string> = new Set(['tableCell', 'tableHeader'])
const TEXTBLOCK_TYPES: ReadonlySet<string> = new Set(['paragraph', 'heading'])

export function withContent(node: PmNode, content: PmNode[]): PmNode {
  const { content: _previous, ...rest } = node
  return content.length > 0 ? { ...rest, content } : rest
}

function isInline(node: PmNode): boolean {
  return node.type === 'text' || node.type === 'hardBreak'
}

/** Block content: runs of inline nodes become paragraphs. */
function asBlocks(content: PmNode[]): PmNode[] {
  const blocks: PmNode[] = []
  let inline: PmNode[] = []
  const flush = (): void => {
    if (inline.length > 0) blocks.push({ type: 'paragraph', content: inline })
    inline = []
  }
  for (const node of content) {
    if (isInline(node)) inline.push(node)
    else {
      flush()
      blocks.push(node)
    }
  }
  flush()
  return blocks
}

function fitItem(node: PmNode, content: PmNode[]): PmNode {
  const blocks = asBlocks(content)
  if (blocks[0]?.type !== 'paragraph') blocks.unshift({ type: 'paragraph' })
  return withContent(node, blocks)
}

const TASK_BOXES: Readonly<Record<string, boolean>> = { '☐': false, '☑': true, '☒': true }

/**
 * A bullet list whose every item starts with a box (☐, ☑) is a task list: formats without task
 * lists (wikitext, .docx, HTML from elsewhere) carry tasks that way, Carnet's exports included.
 */
function boxedTaskList(items: PmNode[]): PmNode | null {
  const tasks: PmNode[] = []
  for (const item of items) {
    const [first, ...rest] = item.content ?? []
    const [lead, ...inline] = first?.type === 'paragraph' ? (first.content ?? []) : []
    const box = lead?.type === 'text' ? (lead.text ?? '').charAt(0) : ''
    const checked = TASK_BOXES[box]
    if (checked === undefined || !first) return null
    const remaining = (lead?.text ?? '').slice(1).replace(/^\s/, '')
    const paragraph = withContent(first, remaining ? [{ ...(lead as PmNode), text: remaining }, ...inline] : inline)
    tasks.push({ type: 'taskItem', attrs: { checked }, content: [paragraph, ...rest] })
  }
  return { type: 'taskList', content: tasks }
}

/** The node made valid for the editor, or null when nothing of it can stay (an empty list or table). Recursive: importers bound the depth first (import-limits.ts). */
export function fitToSchema(node: PmNode): PmNode | null {
  if (node.type === 'text') return node.text ? node : null
  const content = (node.content ?? []).map(fitToSchema).filter((child): child is PmNode => child !== null)
  switch (node.type) {
    case 'doc': {
      const blocks = asBlocks(content)
      return withContent(node, blocks.length > 0 ? blocks : [{ type: 'paragraph' }])
    }
    case 'paragraph':
    case 'heading':
      // Blocks inside a textblock (an importer's mistake) give their inline content.
      return withContent(node, content.flatMap((child) => (isInline(child) ? [child] : TEXTBLOCK_TYPES.has(child.type) ? (child.content ?? []) : [])))
    case 'codeBlock': {
      const text = content.map((child) => child.text ?? (child.type === 'hardBreak' ? '\n' : '')).join('')
      return withContent(node, text ? [{ type: 'text', text }] : [])
    }
    case 'listItem':
    case 'taskItem':
      return fitItem(node, content)
    case 'bulletList':
    case 'orderedList':
    case 'taskList': {
      const itemType = node.type === 'taskList' ? 'taskItem' : 'listItem'
      const items = content.map((child) => (child.type === itemType ? child : fitItem({ type: itemType, ...(itemType === 'taskItem' ? { attrs: { checked: false } } : {}) }, [child])))
      if (items.length === 0) return null
      return (node.type === 'bulletList' && boxedTaskList(items)) || withContent(node, items)
    }
    case 'blockquote':
    case 'tableCell':
    case 'tableHeader': {
      const blocks = asBlocks(content)
      return withContent(node, blocks.length > 0 ? blocks : [{ type: 'paragraph' }])
    }
    case 'tableRow': {
      const cells = content.filter((child) => CELL_TYPES.has(child.type))
      return cells.length > 0 ? withContent(node, cells) : null
    }
    case 'table': {
      const rows = content.filter((child) => child.type === 'tableRow')
      return rows.length > 0 ? withContent(node, rows) : null
    }
    default:
      return withContent(node, content)
  }
}
