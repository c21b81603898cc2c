// The words of a page body, straight from its Y.XmlFragment, for the archive's search index: a
// walk over the Yjs tree that builds no ProseMirror JSON and adds no title, facts or footer (an
// export would make every page match "Exporté de Carnet"). Blocks end with a line break so that
// the last word of one paragraph and the first of the next never fuse into one.
import * as Y from 'yjs'

function textOf(node: Y.XmlElement | Y.XmlText | Y.XmlHook, out: string[]): void {
  if (node instanceof Y.XmlText) {
    for (const op of node.toDelta() as Array<{ insert?: unknown }>) if (typeof op.insert === 'string') out.push(op.insert)
    return
  }
  if (!(node instanceof Y.XmlElement)) return
  if (node.nodeName === 'hardBreak') {
    out.push('\n')
    return
  }
  for (const child of node.toArray()) textOf(child, out)
  out.push('\n')
}

/** Plain text of the fragment, one line (at least) per block, runs of blank lines folded. */
export function fragmentText(fragment: Y.XmlFragment): string {
  const out: string[] = []
  for (const child of fragment.toArray()) textOf(child, out)
  return out.join('').replace(/\n{2,}/g, '\n').trim()
}
