// The words of a page body, straight from its Y.XmlFragment, for the archive's search index: a
// walk over the Yjs tree that builds no ProseMirror JSON and adds no title, facts or footer (an
// export would make every page match "Exporté de Carnet"); a photo counts by its description.
// Blocks end with a line break so that the last word of one paragraph and the first of the next
// never fuse into one.
import * as Y from 'yjs'

/** Plain text of the fragment, one line (at least) per block, runs of blank lines folded. */
export function fragmentText(fragment: Y.XmlFragment | Y.XmlElement): string {
  const out: string[] = []
  // A stack of its own, not recursion: a page's depth is whatever its writers sent. A block's line
  // break is pushed under its children, so it comes out after them.
  const stack: Array<Y.XmlElement | Y.XmlText | Y.XmlHook | '\n'> = fragment.toArray().reverse()
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node === '\n') {
      out.push('\n')
    } else if (node instanceof Y.XmlText) {
      for (const op of node.toDelta() as Array<{ insert?: unknown }>) if (typeof op.insert === 'string') out.push(op.insert)
    } else if (node instanceof Y.XmlElement) {
      if (node.nodeName === 'hardBreak') {
        out.push('\n')
        continue
      }
      if (node.nodeName === 'image') {
        // A photo is found by what it shows: its description, on a line of its own.
        const alt = node.getAttribute('alt') as unknown
        out.push('\n', typeof alt === 'string' ? alt : '', '\n')
        continue
      }
      stack.push('\n')
      const children = node.toArray()
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!)
    }
  }
  return out.join('').replace(/\n{2,}/g, '\n').trim()
}
