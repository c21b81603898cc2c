import { describe, expect, it } from 'vitest'
import { diffSequences, diffWords, type DiffPart } from './word-diff.js'

const before = (parts: DiffPart[]) => parts.filter((p) => p.kind !== 'added').map((p) => p.text).join('')
const after = (parts: DiffPart[]) => parts.filter((p) => p.kind !== 'removed').map((p) => p.text).join('')
const changes = (parts: DiffPart[]) => parts.filter((p) => p.kind !== 'same').map((p) => `${p.kind === 'added' ? '+' : '-'}${p.text}`)

function seeded(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed / 2147483648
  }
}

describe('diffWords', () => {
  it('marks the words added and removed, keeping the rest', () => {
    const parts = diffWords('Le local est ouvert le samedi.', 'Le local est fermé le samedi et le dimanche.')
    expect(changes(parts)).toEqual(['-ouvert ', '+fermé ', '-samedi.', '+samedi et le dimanche.'])
    expect(changes(diffWords('On garde le local le samedi.\n', 'On ferme le local le dimanche.\n'))).toEqual(['-garde ', '+ferme ', '-samedi.', '+dimanche.'])
    expect(parts[0]).toEqual({ kind: 'same', text: 'Le local est ' })
  })

  it('compares line by line, then word by word inside the changed lines', () => {
    const parts = diffWords('Ordre du jour\nBudget : 30 €\nFin.\n', 'Ordre du jour\nBudget : 45 €\nNouveau point\nFin.\n')
    expect(changes(parts)).toEqual(['-30 ', '+45 ', '+Nouveau point\n'])
    expect(parts.find((p) => p.text.includes('Fin.'))?.kind).toBe('same')
  })

  it('gives nothing but kept text for equal texts, and one part for a text against nothing', () => {
    expect(diffWords('même texte\n', 'même texte\n')).toEqual([{ kind: 'same', text: 'même texte\n' }])
    expect(diffWords('', '')).toEqual([])
    expect(diffWords('', 'tout nouveau')).toEqual([{ kind: 'added', text: 'tout nouveau' }])
    expect(diffWords('tout ancien\n', '')).toEqual([{ kind: 'removed', text: 'tout ancien\n' }])
  })

  it('always rebuilds both texts exactly, and never leaves two neighbouring parts of one kind', () => {
    const random = seeded(7)
    const words = ['décision', 'budget', 'atelier', 'le', 'la', 'samedi', '\n', ' ', 'wiki', '.']
    const text = () => Array.from({ length: Math.floor(random() * 60) }, () => words[Math.floor(random() * words.length)]).join(random() < 0.5 ? ' ' : '')
    for (let i = 0; i < 300; i++) {
      const a = text()
      const b = random() < 0.3 ? a.replace(/budget/g, 'argent') : text()
      const parts = diffWords(a, b)
      expect(before(parts)).toBe(a)
      expect(after(parts)).toBe(b)
      parts.forEach((part, index) => expect(part.kind).not.toBe(parts[index - 1]?.kind))
    }
  })
})

describe('diffSequences', () => {
  it('finds a shortest edit script', () => {
    const ops = diffSequences([...'ABCABBA'], [...'CBABAC'])!
    expect(ops.filter((op) => op.kind !== 'same')).toHaveLength(5)
  })

  it('gives up past the bound on edits instead of using unbounded memory', () => {
    const a = Array.from({ length: 100 }, (_, i) => `a${i}`)
    const b = Array.from({ length: 100 }, (_, i) => `b${i}`)
    expect(diffSequences(a, b, 50)).toBeNull()
    const parts = diffWords(a.join(' '), b.join(' '))
    expect(after(parts)).toBe(b.join(' '))
  })
})
