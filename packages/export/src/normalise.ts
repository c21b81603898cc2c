// The canonical form of a body, for asking "do these two bodies say the same thing?". ProseMirror
// JSON has several spellings of one document: `getJSON()` lists default and null attrs, a Y.Doc
// drops the nulls, marks come in any order and adjacent text may be split. This form drops all of
// that, so a body that went through Yjs or through Markdown can be compared with the original.
import { MARKS, type PmMark, type PmNode } from '@carnet/core'

// Attrs whose value is the schema's default carry no information.
const DEFAULT_ATTRS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  orderedList: { start: 1 },
  taskItem: { checked: false },
  codeBlock: { language: '' },
  tableCell: { colspan: 1, rowspan: 1 },
  tableHeader: { colspan: 1, rowspan: 1 },
}

function normaliseAttrs(type: string, attrs: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!attrs) return undefined
  const defaults = DEFAULT_ATTRS[type] ?? {}
  const kept = Object.entries(attrs).filter(([key, value]) => value !== null && value !== undefined && defaults[key] !== value)
  return kept.length > 0 ? Object.fromEntries(kept.sort(([a], [b]) => a.localeCompare(b))) : undefined
}

function markRank(mark: PmMark): number {
  const rank = (MARKS as readonly string[]).indexOf(mark.type)
  return rank === -1 ? MARKS.length : rank
}

// Only a link's target matters to a reader; target/rel/class are the editor's rendering choices.
function normaliseMark(mark: PmMark): PmMark {
  if (mark.type === 'link') return { type: 'link', attrs: { href: mark.attrs?.['href'] ?? null } }
  const attrs = normaliseAttrs(mark.type, mark.attrs)
  return attrs ? { type: mark.type, attrs } : { type: mark.type }
}

function normaliseMarks(marks: PmMark[] | undefined): PmMark[] {
  return (marks ?? []).map(normaliseMark).sort((a, b) => markRank(a) - markRank(b) || a.type.localeCompare(b.type))
}

function sameMarks(a: PmMark[] | undefined, b: PmMark[] | undefined): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? [])
}

function normaliseContent(content: PmNode[] | undefined): PmNode[] {
  const out: PmNode[] = []
  for (const child of content ?? []) {
    const node = normaliseBody(child)
    if (node.type === 'text' && !node.text) continue
    const previous = out[out.length - 1]
    if (previous?.type === 'text' && node.type === 'text' && sameMarks(previous.marks, node.marks)) {
      out[out.length - 1] = { ...previous, text: `${previous.text ?? ''}${node.text ?? ''}` }
    } else {
      out.push(node)
    }
  }
  return out
}

/** The canonical form of a node and its descendants (see the module comment). */
export function normaliseBody(node: PmNode): PmNode {
  if (node.type === 'text') {
    const marks = normaliseMarks(node.marks)
    return marks.length > 0 ? { type: 'text', text: node.text ?? '', marks } : { type: 'text', text: node.text ?? '' }
  }
  const out: PmNode = { type: node.type }
  const attrs = normaliseAttrs(node.type, node.attrs)
  if (attrs) out.attrs = attrs
  const content = normaliseContent(node.content)
  if (content.length > 0) out.content = content
  return out
}
