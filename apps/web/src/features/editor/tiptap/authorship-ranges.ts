// Who wrote which characters: walks a page body in Yjs and returns, for every run of visible text,
// its ProseMirror position range and the client id that inserted it. y-tiptap mirrors the Yjs
// tree node for node (an element opens and closes one position each, a character takes one), so
// positions can be computed from Yjs alone.
import * as Y from 'yjs'

export interface AuthoredRange {
  from: number
  to: number
  client: number
}

export function authoredRanges(fragment: Y.XmlFragment): AuthoredRange[] {
  const ranges: AuthoredRange[] = []
  let pos = 0
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlHook) => {
    if (node instanceof Y.XmlText) {
      for (let item = node._start; item !== null; item = item.right) {
        if (item.deleted || !item.countable) continue
        if (item.content instanceof Y.ContentString) {
          const last = ranges.at(-1)
          // Adjacent characters of one writer make one range.
          if (last && last.to === pos && last.client === item.id.client) last.to += item.length
          else ranges.push({ from: pos, to: pos + item.length, client: item.id.client })
        }
        pos += item.length
      }
      return
    }
    if (node instanceof Y.XmlElement) {
      pos += 1
      for (const child of node.toArray()) walk(child as Y.XmlElement | Y.XmlText)
      pos += 1
    }
  }
  for (const child of fragment.toArray()) walk(child as Y.XmlElement | Y.XmlText)
  return ranges
}
