// The shapes a page may take. A meeting page nests a few levels (a list in a list in a table);
// past these limits every walk over the page — search indexing, exports, history, the editor —
// would do work out of proportion with its size, or overflow the stack. The relay refuses updates
// that go past them; readers cut what lies deeper (pages stored before the limits existed).

/**
 * Deepest nesting of shared types in a page: the body's blocks are at depth 1, a paragraph in a
 * list item in a list at depth 3. Each list level costs two (the list and its item), so this lets a
 * page nest lists about thirty levels deep — ten times what a meeting needs.
 */
export const MAX_NESTING_DEPTH = 64

/** Deepest nesting of arrays and objects in a value stored in a page (attributes, metadata). */
export const MAX_VALUE_DEPTH = 32

/** The deepest nesting of arrays and objects in a stored value, counting at most `MAX_VALUE_DEPTH + 1`. */
export function valueDepth(value: unknown): number {
  let deepest = 0
  const stack: Array<[unknown, number]> = [[value, 0]]
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!
    if (current === null || typeof current !== 'object' || current instanceof Uint8Array) continue
    const inner = depth + 1
    if (inner > deepest) deepest = inner
    if (deepest > MAX_VALUE_DEPTH) return deepest
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push([child, inner])
  }
  return deepest
}
