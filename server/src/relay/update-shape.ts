// Checks the shape an update would give a page, before it touches the page: how deep the shared
// types it creates would sit, how deep the values it stores nest, no sub-documents, and no pile of
// changes waiting for ones the relay never received. Past these limits every later walk over the
// page (search indexing, exports, the editor) would do work out of proportion with its size.
//
// Measured without applying the update and without recursion, in time near-linear in its size.
// An item of an update names the type it lives in either directly (a root name, or the id of the
// item holding the type) or through the item it was inserted next to (its origin), which may sit in
// the update, in the page, or among the page's changes still waiting for a missing one.
import * as Y from 'yjs'
import { MAX_NESTING_DEPTH, MAX_VALUE_DEPTH, valueDepth } from '@carnet/core'

/** Changes kept waiting for ones the relay never received, per page (a real client's gap is tiny). */
export const MAX_PENDING_BYTES = 256 * 1024

export type ShapeRefusal = 'too-deep' | 'value-too-deep' | 'subdocument' | 'too-much-pending'

export interface ShapeProblem {
  kind: ShapeRefusal
  reason: string
}

type Decoded = ReturnType<typeof Y.decodeUpdate>
type Struct = Decoded['structs'][number]
/** The type an item lives in: a root type, the type held by the item with this id, or not known here. */
type Home = 'root' | 'unknown' | Y.ID

/** Items of one or more updates by client, sorted by clock, for looking up an id. */
class ItemIndex {
  private readonly byClient = new Map<number, Y.Item[]>()

  add(structs: readonly Struct[]): void {
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue
      let items = this.byClient.get(struct.id.client)
      if (!items) this.byClient.set(struct.id.client, (items = []))
      items.push(struct)
    }
  }

  sort(): void {
    for (const items of this.byClient.values()) items.sort((a, b) => a.id.clock - b.id.clock)
  }

  find(id: Y.ID): Y.Item | undefined {
    const items = this.byClient.get(id.client)
    if (!items) return undefined
    let low = 0
    let high = items.length - 1
    while (low <= high) {
      const mid = (low + high) >>> 1
      const item = items[mid]!
      if (id.clock < item.id.clock) high = mid - 1
      else if (id.clock >= item.id.clock + item.length) low = mid + 1
      else return item
    }
    return undefined
  }
}

/** The pending changes of a page, decoded once for as long as they stay the same. */
const pendingIndexes = new WeakMap<Uint8Array, ItemIndex>()

function pendingIndex(doc: Y.Doc): ItemIndex | null {
  const pending = doc.store.pendingStructs?.update
  if (!pending) return null
  let index = pendingIndexes.get(pending)
  if (!index) {
    index = new ItemIndex()
    index.add(Y.decodeUpdateV2(pending).structs)
    index.sort()
    pendingIndexes.set(pending, index)
  }
  return index
}

function findInDoc(doc: Y.Doc, id: Y.ID): Y.Item | undefined {
  const structs = doc.store.clients.get(id.client)
  if (!structs || structs.length === 0) return undefined
  const last = structs[structs.length - 1]!
  if (id.clock >= last.id.clock + last.length) return undefined
  const struct = structs[Y.findIndexSS(structs, id.clock)]
  return struct instanceof Y.Item ? struct : undefined
}

/**
 * How many types a type sits under (a root type: 0), counting at most `MAX_NESTING_DEPTH + 1`.
 * (`any`: every kind of shared type, whatever the events it emits.)
 */
export function typeDepth(type: Y.AbstractType<any>): number {
  let depth = 0
  let item = type._item
  while (item !== null && depth <= MAX_NESTING_DEPTH) {
    depth++
    item = (item.parent as Y.AbstractType<unknown>)._item
  }
  return depth
}

function isId(value: unknown): value is Y.ID {
  return value instanceof Y.ID
}

function idKey(id: Y.ID): string {
  return `${id.client}:${id.clock}`
}

function byteLength(value: Uint8Array | undefined | null): number {
  return value?.length ?? 0
}

function valuesOf(content: Y.Item["content"]): unknown[] {
  if (content instanceof Y.ContentAny || content instanceof Y.ContentJSON) return content.arr
  if (content instanceof Y.ContentEmbed) return [content.embed]
  if (content instanceof Y.ContentFormat) return [content.value]
  return []
}

/**
 * What is wrong with the shape `decoded` (the update `update`) would give `doc`, or null. The
 * update must already have been checked to parse (see update-check.ts).
 */
export function checkUpdateShape(doc: Y.Doc, decoded: Decoded, update: Uint8Array): ShapeProblem | null {
  const own = new ItemIndex()
  own.add(decoded.structs)
  own.sort()
  const pending = pendingIndex(doc)
  const homes = new Map<Y.Item, Home>()
  const depths = new Map<string, number>()
  let waits = false

  const findNew = (id: Y.ID): Y.Item | undefined => own.find(id) ?? pending?.find(id)

  const homeOf = (item: Y.Item): Home => {
    const path: Y.Item[] = []
    const seen = new Set<Y.Item>()
    let current = item
    let home: Home
    for (;;) {
      const known = homes.get(current)
      if (known !== undefined) {
        home = known
        break
      }
      if (seen.has(current)) {
        home = 'unknown'
        break
      }
      seen.add(current)
      path.push(current)
      const parent = current.parent as unknown
      if (typeof parent === 'string') {
        home = 'root'
        break
      }
      if (isId(parent)) {
        home = parent
        break
      }
      const neighbour = current.origin ?? current.rightOrigin
      const next = neighbour ? findNew(neighbour) : undefined
      if (next) {
        current = next
        continue
      }
      const inDoc = neighbour ? findInDoc(doc, neighbour) : undefined
      if (inDoc) {
        const type = inDoc.parent as Y.AbstractType<unknown>
        home = type._item === null ? 'root' : type._item.id
      } else {
        home = 'unknown'
      }
      break
    }
    for (const visited of path) homes.set(visited, home)
    return home
  }

  /** Depth of the type an item lives in (0 for a root type), at most past the limit. */
  const depthOfHome = (start: Home): number => {
    const chain: string[] = []
    let home = start
    let base: number
    for (;;) {
      if (home === 'root') {
        base = 0
        break
      }
      if (home === 'unknown') {
        // Waits for a change the relay lacks: its depth is checked when that change comes.
        waits = true
        base = 0
        break
      }
      const key = idKey(home)
      const known = depths.get(key)
      if (known !== undefined) {
        base = known
        break
      }
      const holder = findNew(home)
      if (holder) {
        chain.push(key)
        // A chain this long is too deep already (or loops back on itself).
        if (chain.length > MAX_NESTING_DEPTH) return MAX_NESTING_DEPTH + 1
        home = homeOf(holder)
        continue
      }
      const inDoc = findInDoc(doc, home)
      if (inDoc) {
        base = inDoc.content instanceof Y.ContentType ? typeDepth(inDoc.content.type) : typeDepth(inDoc.parent as Y.AbstractType<unknown>) + 1
      } else {
        waits = true
        base = 0
      }
      depths.set(key, base)
      break
    }
    for (let i = chain.length - 1, depth = base + 1; i >= 0; i--, depth++) depths.set(chain[i]!, depth)
    return chain.length > 0 ? base + chain.length : base
  }

  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue
    const { content } = struct
    if (content instanceof Y.ContentDoc) {
      return { kind: 'subdocument', reason: 'sub-documents are not part of a page' }
    }
    for (const value of valuesOf(content)) {
      if (valueDepth(value) > MAX_VALUE_DEPTH) {
        return { kind: 'value-too-deep', reason: `a value nests too deep: at most ${MAX_VALUE_DEPTH} levels` }
      }
    }
    const home = homeOf(struct)
    const depth = depthOfHome(home) + (content instanceof Y.ContentType ? 1 : 0)
    if (depth > MAX_NESTING_DEPTH) {
      return { kind: 'too-deep', reason: `the page would nest too deep: at most ${MAX_NESTING_DEPTH} levels` }
    }
  }
  // Deletions of what the page does not hold yet wait too, in the page's pending changes.
  for (const [client, ranges] of decoded.ds.clients) {
    const known = Y.getState(doc.store, client)
    if (ranges.some((range) => range.clock + range.len > known)) {
      waits = true
      break
    }
  }
  if (waits) {
    const waiting = byteLength(doc.store.pendingStructs?.update) + byteLength(doc.store.pendingDs) + update.length
    if (waiting > MAX_PENDING_BYTES) {
      return { kind: 'too-much-pending', reason: 'the update depends on changes this server never received' }
    }
  }
  return null
}
