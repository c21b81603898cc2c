// Random page bodies for property tests: every block type, nested, with awkward inline content.
import type { PmNode } from '@carnet/core'
import { randomInline } from './random-inline.js'

const CODE_LINES = ['const a = `b`', '```', '~~~', '    indentée', '', '# pas un titre', '- pas une liste', '</pre> & <script>', 'fin']
const LANGUAGES = [null, 'js', 'python', 'c++']

export function randomBody(random: () => number): PmNode {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const chance = (p: number): boolean => random() < p
  const paragraph = (): PmNode => (chance(0.1) ? { type: 'paragraph' } : { type: 'paragraph', content: randomInline(random) })
  const codeBlock = (): PmNode => {
    const text = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(CODE_LINES)).join('\n')
    return { type: 'codeBlock', attrs: { language: pick(LANGUAGES) }, content: [{ type: 'text', text }] }
  }
  const cell = (type: string): PmNode => ({ type, attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [paragraph()] })
  const table = (): PmNode => {
    const columns = 1 + Math.floor(random() * 3)
    const rows = 2 + Math.floor(random() * 2)
    return {
      type: 'table',
      content: Array.from({ length: rows }, (_, r) => ({ type: 'tableRow', content: Array.from({ length: columns }, () => cell(r === 0 ? 'tableHeader' : 'tableCell')) })),
    }
  }
  const list = (depth: number): PmNode => {
    const kind = pick(['bulletList', 'orderedList', 'taskList'] as const)
    const items = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
      const content = [paragraph(), ...(depth < 3 && chance(0.4) ? [block(depth + 1)] : [])]
      return kind === 'taskList' ? { type: 'taskItem', attrs: { checked: chance(0.5) }, content } : { type: 'listItem', content }
    })
    return kind === 'orderedList' ? { type: 'orderedList', attrs: { start: pick([1, 1, 0, 3, 9, 10]) }, content: items } : { type: kind, content: items }
  }
  const block = (depth: number): PmNode => {
    const roll = random()
    if (roll < 0.3) return paragraph()
    if (roll < 0.5) return list(depth)
    if (roll < 0.6) return codeBlock()
    if (roll < 0.7) return { type: 'heading', attrs: { level: 1 + Math.floor(random() * 4) }, content: randomInline(random) }
    if (roll < 0.8 && depth < 3) return { type: 'blockquote', content: Array.from({ length: 1 + Math.floor(random() * 2) }, () => block(depth + 1)) }
    if (roll < 0.9) return table()
    return { type: 'horizontalRule' }
  }
  return { type: 'doc', content: Array.from({ length: 1 + Math.floor(random() * 8) }, () => block(0)) }
}
