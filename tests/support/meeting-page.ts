// Writing a meeting page the way the editor stores it, from a stock Yjs doc: meta fields, the
// writer's name in `Map('writers')`, paragraphs in `XmlFragment('body')`.
import * as Y from 'yjs'

export interface MeetingPage {
  title?: string
  date?: string
  place?: string
  tags?: string[]
  createdAt?: number
  /** Name recorded for this doc's client id, as the editor does for each writer. */
  writer?: string
  paragraphs?: string[]
}

export function writeMeetingPage(doc: Y.Doc, page: MeetingPage): void {
  doc.transact(() => {
    const meta = doc.getMap('meta')
    for (const key of ['title', 'date', 'place', 'tags', 'createdAt'] as const) {
      if (page[key] !== undefined) meta.set(key, page[key])
    }
    if (page.writer) doc.getMap('writers').set(String(doc.clientID), { name: page.writer, color: '#1f4e79' })
    const body = doc.getXmlFragment('body')
    for (const text of page.paragraphs ?? []) {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText(text)])
      body.insert(body.length, [paragraph])
    }
  })
}

/** Replaces the whole body with these paragraphs, in one change. */
export function replaceParagraphs(doc: Y.Doc, paragraphs: string[]): void {
  doc.transact(() => {
    const body = doc.getXmlFragment('body')
    body.delete(0, body.length)
    writeMeetingPage(doc, { paragraphs })
  })
}
