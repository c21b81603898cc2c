// Bringing an old version of a page back as a new change on top of the live one: the body is made
// equal to the version's body and the meta fields take the version's values, in one Yjs
// transaction, so every writer receives the restore as one ordinary update and nothing is
// destroyed (the newer text is still in the history). Blocks the two bodies share at their start
// and end are left alone, so a restore does not disturb someone typing further down an unchanged
// part of the page, and a restore of the current version changes nothing.
import { pageBody, writePageMeta, type PageMeta, type PmNode } from '@carnet/core'
import * as Y from 'yjs'
import { elementToJson } from '@carnet/core/from-ydoc'
import { contentToTypes } from '@carnet/core/to-ydoc'

function sameBlock(current: Y.XmlElement | Y.XmlText | Y.XmlHook | undefined, wanted: PmNode | undefined): boolean {
  if (!(current instanceof Y.XmlElement) || !wanted) return false
  return JSON.stringify(elementToJson(current)) === JSON.stringify(wanted)
}

/** Makes the fragment's content equal to a `doc` node's content (the fragment must be in a doc). */
export function replaceFragmentContent(fragment: Y.XmlFragment, json: PmNode): void {
  const doc = fragment.doc
  if (!doc) throw new Error('replaceFragmentContent: the fragment belongs to no Y.Doc')
  // Text directly in a doc node is not a block; jsonToFragment would write it, but compare blocks only.
  const wanted = json.content ?? []
  doc.transact(() => {
    const current = fragment.toArray()
    let start = 0
    while (start < current.length && start < wanted.length && sameBlock(current[start], wanted[start])) start++
    let end = 0
    while (
      end < current.length - start &&
      end < wanted.length - start &&
      sameBlock(current[current.length - 1 - end], wanted[wanted.length - 1 - end])
    ) {
      end++
    }
    const removed = current.length - start - end
    if (removed > 0) fragment.delete(start, removed)
    const inserted = wanted.slice(start, wanted.length - end)
    if (inserted.length > 0) fragment.insert(start, contentToTypes(inserted))
  })
}

/** Meta fields a restore brings back. `closed` belongs to the relay and `createdAt` to the page's birth. */
export const RESTORED_META_FIELDS = ['title', 'template', 'date', 'place', 'tags', 'licence'] as const

/** Restores a version (meta and body, as `pageFromDoc` reads them) into a page's doc, as one change. */
export function restorePage(doc: Y.Doc, version: { meta: PageMeta; body: PmNode }, origin?: unknown): void {
  const patch: Partial<PageMeta> = {}
  for (const field of RESTORED_META_FIELDS) Object.assign(patch, { [field]: version.meta[field] })
  doc.transact(() => {
    replaceFragmentContent(pageBody(doc), version.body)
    writePageMeta(doc, patch)
  }, origin)
}
