// Where a page's photo lives, and how an `image` node names it: `src` is
// `/api/pages/<pageId>/files/<sha256>`, the photo's bytes named by their SHA-256 (lowercase hex),
// under the page that holds it. Every reader of `src` goes through `readPhotoAddress`: a page is
// written by anyone holding its link, and only this shape is ever loaded, exported or sent.
import { isValidPageId } from './page-id.js'
import type { PmNode } from './page-schema.js'

export interface PhotoAddress {
  pageId: string
  sha256: string
}

const PHOTO_PATH = /^\/api\/pages\/([a-z0-9-]{3,64})\/files\/([0-9a-f]{64})$/
const SHA256_HEX = /^[0-9a-f]{64}$/

/** The image types a page takes (the relay sniffs the bytes; SVG is never one of them). */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const

export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && SHA256_HEX.test(value)
}

/** `src` of the page's photo named `sha256`. */
export function photoPath(pageId: string, sha256: string): string {
  return `/api/pages/${pageId}/files/${sha256}`
}

/** The page and name an `image` node's `src` points at, or null for anything else. */
export function readPhotoAddress(src: unknown): PhotoAddress | null {
  if (typeof src !== 'string') return null
  const match = PHOTO_PATH.exec(src)
  if (!match || !isValidPageId(match[1])) return null
  return { pageId: match[1]!, sha256: match[2]! }
}

/**
 * The photos a body shows (its `image` nodes' addresses, each once, in reading order). Walked with
 * a stack of its own: a page's depth is whatever its writers sent.
 */
export function photosInBody(body: PmNode): PhotoAddress[] {
  const found = new Map<string, PhotoAddress>()
  const stack: PmNode[] = [body]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node.type === 'image') {
      const address = readPhotoAddress(node.attrs?.['src'])
      if (address && !found.has(address.sha256)) found.set(address.sha256, address)
    }
    const children = node.content ?? []
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!)
  }
  return [...found.values()]
}
