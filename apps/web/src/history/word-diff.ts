// What changed between two texts, word by word, for "Comparer avec aujourd’hui": pieces of text
// marked as kept, added or removed. Lines are compared first and words only inside the lines that
// changed, so a long page costs little, and a moved paragraph reads as removed here, added there.
// Myers' O(ND) algorithm on both levels; past a bound on the number of edits a region is shown as
// removed then added rather than taking unbounded time and memory.

export type DiffKind = 'same' | 'added' | 'removed'

export interface DiffPart {
  kind: DiffKind
  text: string
}

/** Beyond this many insertions + deletions in one comparison, give the coarse answer. */
const MAX_EDITS = 2_000

type Op = { kind: DiffKind; index: number }

/** Shortest edit script from `a` to `b` (indexes into `a` for same/removed, into `b` for added), or null past `maxEdits`. */
export function diffSequences<T>(a: readonly T[], b: readonly T[], maxEdits = MAX_EDITS): Op[] | null {
  const n = a.length
  const m = b.length
  const limit = Math.min(n + m, maxEdits)
  const offset = limit + 1
  const v = new Int32Array(2 * limit + 3)
  // trace[d][k + d] = furthest x on diagonal k after d edits.
  const trace: Int32Array[] = []
  for (let d = 0; d <= limit; d++) {
    const row = new Int32Array(2 * d + 1)
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
      let x = down ? v[offset + k + 1]! : v[offset + k - 1]! + 1
      let y = x - k
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
      }
      v[offset + k] = x
      row[k + d] = x
      if (x >= n && y >= m) {
        trace.push(row)
        return backtrack(trace, n, m)
      }
    }
    trace.push(row)
  }
  return null
}

function backtrack(trace: Int32Array[], n: number, m: number): Op[] {
  const ops: Op[] = []
  let x = n
  let y = m
  for (let d = trace.length - 1; d > 0; d--) {
    const previous = trace[d - 1]!
    const at = (k: number): number => previous[k + d - 1]!
    const k = x - y
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1))
    const previousK = down ? k + 1 : k - 1
    const previousX = at(previousK)
    // The edit led from (previousX, previousY) to the start of the snake that ends at (x, y).
    const snakeStartX = down ? previousX : previousX + 1
    while (x > snakeStartX) {
      x--
      y--
      ops.push({ kind: 'same', index: x })
    }
    if (down) ops.push({ kind: 'added', index: --y })
    else ops.push({ kind: 'removed', index: --x })
  }
  while (x > 0 && y > 0) {
    y--
    ops.push({ kind: 'same', index: --x })
  }
  return ops.reverse()
}

/** Lines with their line break; the last line may have none. */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? []
}

/**
 * Words with the spaces after them, line breaks on their own: "samedi." → "dimanche." at the end
 * of a line is one word changed, not a line break removed and added.
 */
function wordsOf(text: string): string[] {
  return text.match(/\n|[^\S\n]+|\S+[^\S\n]*/g) ?? []
}

function push(parts: DiffPart[], kind: DiffKind, text: string): void {
  if (!text) return
  const last = parts[parts.length - 1]
  if (last?.kind === kind) last.text += text
  else parts.push({ kind, text })
}

/** A changed region: the words that differ, or all removed then all added when too different. */
function diffRegion(parts: DiffPart[], removed: string, added: string): void {
  const a = wordsOf(removed)
  const b = wordsOf(added)
  const ops = diffSequences(a, b)
  if (!ops) {
    push(parts, 'removed', removed)
    push(parts, 'added', added)
    return
  }
  // Within a run of changes, removals are shown before additions, as one reads a correction.
  let pendingRemoved = ''
  let pendingAdded = ''
  const flush = (): void => {
    push(parts, 'removed', pendingRemoved)
    push(parts, 'added', pendingAdded)
    pendingRemoved = ''
    pendingAdded = ''
  }
  for (const op of ops) {
    if (op.kind === 'same') {
      flush()
      push(parts, 'same', a[op.index]!)
    } else if (op.kind === 'removed') pendingRemoved += a[op.index]!
    else pendingAdded += b[op.index]!
  }
  flush()
}

/** The word-level differences from `before` to `after`. Joining all same+removed parts gives `before`; same+added gives `after`. */
export function diffWords(before: string, after: string): DiffPart[] {
  const a = linesOf(before)
  const b = linesOf(after)
  const parts: DiffPart[] = []
  const ops = diffSequences(a, b)
  if (!ops) {
    diffRegion(parts, before, after)
    return parts
  }
  let removed = ''
  let added = ''
  for (const op of ops) {
    if (op.kind === 'same') {
      diffRegion(parts, removed, added)
      removed = ''
      added = ''
      push(parts, 'same', a[op.index]!)
    } else if (op.kind === 'removed') removed += a[op.index]!
    else added += b[op.index]!
  }
  diffRegion(parts, removed, added)
  return parts
}
