// "Qui est venu": the names of the people present written into the page's "Participants" list,
// only when the facilitator asks, and each person's way to take their own name out again. These
// change the live document (`XmlFragment('body')`) in place — one transaction, touching only that
// list — so the editors on the page show it at once and nobody else's words move.
import * as Y from 'yjs'
import type { PmNode } from '../page-schema.js'
import { elementToJson } from '../page-tree/from-ydoc.js'
import { contentToTypes } from '../page-tree/to-ydoc.js'
import { fragmentText } from '../page-tree/fragment-text.js'
import { headingKey, isList, isParticipantsHeading, ownText } from '../page-tree/sections.js'

interface ParticipantsPlace {
  /** Index of the section's heading among the body's blocks (-1: none). */
  heading: number
  /** The first list of the section, if any. */
  list: Y.XmlElement | null
}

function levelOf(element: Y.XmlElement): number {
  const level = Number(element.getAttribute('level') ?? 1)
  return Number.isFinite(level) ? level : 1
}

function findPlace(fragment: Y.XmlFragment): ParticipantsPlace {
  const blocks = fragment.toArray()
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]
    if (!(block instanceof Y.XmlElement) || block.nodeName !== 'heading') continue
    if (!isParticipantsHeading(headingKey(fragmentText(block)))) continue
    const level = levelOf(block)
    for (let j = i + 1; j < blocks.length; j++) {
      const next = blocks[j]
      if (!(next instanceof Y.XmlElement)) continue
      if (next.nodeName === 'heading' && levelOf(next) <= level) break
      if (isList({ type: next.nodeName })) return { heading: i, list: next }
    }
    return { heading: i, list: null }
  }
  return { heading: -1, list: null }
}

const nameKey = (name: string): string => name.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('fr')

function itemNode(name: string, listType: string): PmNode {
  const paragraph: PmNode = name ? { type: 'paragraph', content: [{ type: 'text', text: name }] } : { type: 'paragraph' }
  return listType === 'taskList' ? { type: 'taskItem', attrs: { checked: false }, content: [paragraph] } : { type: 'listItem', content: [paragraph] }
}

function itemName(item: Y.XmlElement): string {
  return ownText(elementToJson(item)).trim()
}

/** The names in the page's "Participants" list, as written. */
export function listedParticipants(fragment: Y.XmlFragment): string[] {
  const { list } = findPlace(fragment)
  if (!list) return []
  return list
    .toArray()
    .filter((item): item is Y.XmlElement => item instanceof Y.XmlElement)
    .map(itemName)
    .filter(Boolean)
}

/**
 * Adds the names not listed yet to the "Participants" list (its empty first line is filled rather
 * than kept), making the section at the top of the page when there is none. Returns the names added.
 */
export function addParticipants(fragment: Y.XmlFragment, names: readonly string[], headingText: string, origin?: unknown): string[] {
  const listed = new Set(listedParticipants(fragment).map(nameKey))
  const added: string[] = []
  for (const name of names) {
    const clean = name.replace(/\s+/g, ' ').trim()
    if (clean && !listed.has(nameKey(clean))) {
      listed.add(nameKey(clean))
      added.push(clean)
    }
  }
  if (added.length === 0) return []
  const apply = (): void => {
    const { heading, list } = findPlace(fragment)
    if (list) {
      const items = list.toArray()
      const emptyOnly = items.length === 1 && items[0] instanceof Y.XmlElement && itemName(items[0]) === ''
      list.insert(list.length, contentToTypes(added.map((name) => itemNode(name, list.nodeName))))
      if (emptyOnly) list.delete(0, 1)
    } else {
      const listNode: PmNode = { type: 'bulletList', content: added.map((name) => itemNode(name, 'bulletList')) }
      if (heading >= 0) fragment.insert(heading + 1, contentToTypes([listNode]))
      else fragment.insert(0, contentToTypes([{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: headingText }] }, listNode]))
    }
  }
  if (fragment.doc) fragment.doc.transact(apply, origin)
  else apply()
  return added
}

/** Takes a name out of the "Participants" list (an empty line stays if it was the only one). */
export function removeParticipant(fragment: Y.XmlFragment, name: string, origin?: unknown): boolean {
  const { list } = findPlace(fragment)
  if (!list) return false
  const key = nameKey(name)
  const items = list.toArray()
  const doomed = items.flatMap((item, index) => (item instanceof Y.XmlElement && nameKey(itemName(item)) === key ? [index] : []))
  if (doomed.length === 0) return false
  const apply = (): void => {
    for (const index of doomed.reverse()) list.delete(index, 1)
    // A list must keep an item: the empty line the template had.
    if (list.length === 0) list.insert(0, contentToTypes([itemNode('', list.nodeName)]))
  }
  if (fragment.doc) fragment.doc.transact(apply, origin)
  else apply()
  return true
}
