// Who wrote what: `Map('writers')` in the page's Y.Doc maps each Yjs client id (one per browser
// session) to the writer's name and colour at the time. Every character a client inserted carries
// its client id, so the editor colours text by author and the archive counts writers. An addition
// to the page layout: `body` and `meta` are unchanged.
import * as Y from 'yjs'

export const WRITERS_MAP = 'writers'

export interface Writer {
  name: string
  color: string
}

export function writersMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(WRITERS_MAP)
}

/** Records (or updates) this session's writer; nothing is written when it is already right. */
export function recordWriter(doc: Y.Doc, writer: Writer, origin?: unknown): void {
  const map = writersMap(doc)
  const key = String(doc.clientID)
  const current = map.get(key) as Partial<Writer> | undefined
  if (current?.name === writer.name && current?.color === writer.color) return
  doc.transact(() => map.set(key, { name: writer.name, color: writer.color }), origin)
}

/** Client id → writer, for every entry that has the expected shape. */
export function readWriters(doc: Y.Doc): Map<number, Writer> {
  const out = new Map<number, Writer>()
  for (const [key, value] of writersMap(doc)) {
    const v = value as Partial<Writer> | null
    if (typeof v?.name === 'string' && typeof v.color === 'string' && /^\d+$/.test(key)) {
      out.set(Number(key), { name: v.name.slice(0, 40), color: v.color })
    }
  }
  return out
}

/** Distinct writer names (a person reloading the page gets a new client id, not a new name). */
export function writerNames(doc: Y.Doc): string[] {
  return [...new Set([...readWriters(doc).values()].map((w) => w.name.trim()).filter(Boolean))].sort((a, b) =>
    a.localeCompare(b, 'fr'),
  )
}
