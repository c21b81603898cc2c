import { describe, expect, it } from 'vitest'
import { diffWords, type DiffPart } from './word-diff.js'

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
    expect(changes(parts)).toEqual(['-ouvert', '+fermé', '+ et le dimanche'])
    expect(changes(diffWords('On garde le local le samedi.\n', 'On ferme le local le dimanche.\n'))).toEqual(['-garde', '+ferme', '-samedi', '+dimanche'])
    expect(parts[0]).toEqual({ kind: 'same', text: 'Le local est ' })
    expect(parts.at(-1)).toEqual({ kind: 'same', text: '.' })
  })

  it('compares line by line, then word by word inside the changed lines', () => {
    const parts = diffWords('Ordre du jour\nBudget : 30 €\nFin.\n', 'Ordre du jour\nBudget : 45 €\nNouveau point\nFin.\n')
    expect(changes(parts)).toEqual(['-30', '+45', '+Nouveau point\n'])
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

describe('diffWords on very different texts', () => {
  it('shows a run of changed words as one correction, not word after word', () => {
    expect(changes(diffWords('Budget voté en juin.', 'Subvention refusée hier soir.'))).toEqual(['-Budget voté en juin', '+Subvention refusée hier soir'])
  })

  it('gives up past the bound on edits: the region is removed then added, whole', () => {
    // Every other word changes: 100 edits in a line of 100 words.
    const a = Array.from({ length: 100 }, (_, i) => (i % 2 ? `a${i}` : `w${i}`)).join(' ')
    const b = Array.from({ length: 100 }, (_, i) => (i % 2 ? `b${i}` : `w${i}`)).join(' ')
    expect(diffWords(a, b).length).toBeGreaterThan(50)
    expect(diffWords(a, b, 50)).toEqual([
      { kind: 'removed', text: a },
      { kind: 'added', text: b },
    ])
  })
})
