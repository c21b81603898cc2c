// A page body nested as deep as one likes (lists in list items in lists…), with a few words at the
// bottom, as one update: what a hostile client sends to make every walk over a page explode.
import * as Y from 'yjs'

export function nestedUpdate(depth: number, words = 'tout au fond'): Uint8Array {
  const doc = new Y.Doc()
  // One transaction: Yjs itself takes quadratic time to notify nested inserts made one by one.
  doc.transact(() => {
    let parent: Y.XmlFragment | Y.XmlElement = doc.getXmlFragment('body')
    for (let i = 0; i < depth; i++) {
      const element = new Y.XmlElement(i % 2 === 0 ? 'bulletList' : 'listItem')
      parent.insert(0, [element])
      parent = element
    }
    if (words) parent.insert(0, [new Y.XmlText(words)])
  })
  return Y.encodeStateAsUpdate(doc)
}
