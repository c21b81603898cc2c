// Random inline content for property tests: text full of characters that are syntax somewhere,
// carrying the mark combinations the editor allows (code excludes every other mark).
import type { PmMark, PmNode } from '@carnet/core'

/** A small seeded generator (mulberry32), so a failing case can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ALPHABET = Array.from("aébz Z09 .,;:!?'’\"()[]{}*_~`#<>|\\-+=&@/ \u00a0😀«»")
const HREFS = ['https://exemple.org/a', 'https://exemple.org/b_(c)', 'mailto:atelier@exemple.org']

export function randomInline(random: () => number): PmNode[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const nodes: PmNode[] = []
  const count = 1 + Math.floor(random() * 6)
  for (let i = 0; i < count; i++) {
    if (random() < 0.1) {
      nodes.push({ type: 'hardBreak' })
      continue
    }
    const length = 1 + Math.floor(random() * 8)
    const text = Array.from({ length }, () => pick(ALPHABET)).join('')
    const marks: PmMark[] = []
    if (random() < 0.15) {
      marks.push({ type: 'code' })
    } else {
      if (random() < 0.4) marks.push({ type: 'bold' })
      if (random() < 0.4) marks.push({ type: 'italic' })
      if (random() < 0.25) marks.push({ type: 'strike' })
      if (random() < 0.2) marks.push({ type: 'link', attrs: { href: pick(HREFS) } })
    }
    nodes.push(marks.length > 0 ? { type: 'text', text, marks } : { type: 'text', text })
  }
  return nodes
}

/** Each character of the content with the marks it carries (hard breaks as '\n'). */
export function marksPerCharacter(nodes: PmNode[]): Array<{ char: string; marks: string[] }> {
  return nodes.flatMap((node) => {
    if (node.type === 'hardBreak') return [{ char: '\n', marks: [] }]
    const marks = (node.marks ?? []).map((mark) => (mark.type === 'link' ? `link ${String(mark.attrs?.['href'])}` : mark.type)).sort()
    return Array.from(node.text ?? '', (char) => ({ char, marks }))
  })
}
