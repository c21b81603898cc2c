// What changed between two texts, word by word, for "Comparer avec aujourd’hui": pieces of text
// marked as kept, added or removed. Lines are compared first and words only inside the lines that
// changed, so a long page costs little, and a moved paragraph reads as removed here, added there.
// The diffs are jsdiff's (`diffLines`, then `diffWordsWithSpace`, which keeps every space so both
// texts are rebuilt exactly); past a bound on the number of edits a region is shown as removed
// then added rather than taking unbounded time and memory.
import { diffLines, diffWordsWithSpace } from 'diff'

export type DiffKind = 'same' | 'added' | 'removed'

export interface DiffPart {
  kind: DiffKind
  text: string
}

/** Beyond this many insertions + deletions in one comparison, give the coarse answer. */
const MAX_EDITS = 2_000

/** A run of spaces (not a line break). */
const SPACES = /^[^\S\n]+$/

function push(parts: DiffPart[], kind: DiffKind, text: string): void {
  if (!text) return
  const last = parts[parts.length - 1]
  if (last?.kind === kind) last.text += text
  else parts.push({ kind, text })
}

/** A changed region: the words that differ, or all removed then all added when too different. */
function diffRegion(parts: DiffPart[], removed: string, added: string, maxEdits: number): void {
  if (!removed || !added) {
    push(parts, 'removed', removed)
    push(parts, 'added', added)
    return
  }
  const changes = diffWordsWithSpace(removed, added, { maxEditLength: maxEdits })
  if (!changes) {
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
  changes.forEach((change, index) => {
    if (change.removed) pendingRemoved += change.value
    else if (change.added) pendingAdded += change.value
    else if ((pendingRemoved || pendingAdded) && index < changes.length - 1 && SPACES.test(change.value)) {
      // A lone space between two changed words belongs to both texts: "a b" → "x y" then reads as
      // one correction rather than word after word.
      pendingRemoved += change.value
      pendingAdded += change.value
    } else {
      flush()
      push(parts, 'same', change.value)
    }
  })
  flush()
}

/**
 * The word-level differences from `before` to `after`. Joining all same+removed parts gives
 * `before`; same+added gives `after`; no two neighbouring parts are of one kind.
 */
export function diffWords(before: string, after: string, maxEdits = MAX_EDITS): DiffPart[] {
  const parts: DiffPart[] = []
  const lines = diffLines(before, after, { maxEditLength: maxEdits })
  if (!lines) {
    diffRegion(parts, before, after, maxEdits)
    return parts
  }
  let removed = ''
  let added = ''
  for (const change of lines) {
    if (change.removed) removed += change.value
    else if (change.added) added += change.value
    else {
      diffRegion(parts, removed, added, maxEdits)
      removed = ''
      added = ''
      push(parts, 'same', change.value)
    }
  }
  diffRegion(parts, removed, added, maxEdits)
  return parts
}
