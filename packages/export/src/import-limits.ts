// Imported content must fit the page limits the relay enforces (packages/core/src/page-limits.ts):
// a file nested past them would be refused by the relay on its first sync, after the app had
// already shown it. Checked once, on the finished body, with a message a person can act on.
import { MAX_NESTING_DEPTH, type PmNode } from '@carnet/core'
import { ImportError } from './imported-page.js'

/** How deep a parser's own tree may go before an importer stops walking it (a hostile file's 10,000 nested tags). */
export const MAX_SOURCE_DEPTH = 4 * MAX_NESTING_DEPTH

/** The deepest node of a body, counted as the relay counts shared types: the body's blocks at 1. */
export function bodyDepth(body: PmNode): number {
  let deepest = 0
  const stack: Array<[PmNode, number]> = (body.content ?? []).map((child) => [child, 1])
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!
    if (depth > deepest) deepest = depth
    for (const child of node.content ?? []) stack.push([child, depth + 1])
  }
  return deepest
}

/** Throws `ImportError('too-deep')` when the body nests past the page limits. */
export function assertWithinPageLimits(body: PmNode): PmNode {
  const depth = bodyDepth(body)
  if (depth > MAX_NESTING_DEPTH) {
    throw new ImportError(
      'too-deep',
      `Ce fichier imbrique ses listes, citations ou tableaux sur ${depth} niveaux ; une page Carnet en accepte ${MAX_NESTING_DEPTH} au plus. Réduisez les niveaux les plus profonds, puis importez-le de nouveau.`,
    )
  }
  return body
}

/** Thrown by importers walking a source tree deeper than `MAX_SOURCE_DEPTH`. */
export function sourceTooDeep(): ImportError {
  return new ImportError(
    'too-deep',
    `Ce fichier imbrique ses éléments sur plus de ${MAX_SOURCE_DEPTH} niveaux : Carnet ne peut pas en faire une page.`,
  )
}
