import type { PmNode } from '@carnet/core'
import { describe, expect, it } from 'vitest'
import { bold, code, hardBreak, italic, link, strike, text } from './__fixtures__/pages.js'
import { inlineTree, treeText } from './inline-tree.js'

describe('inlineTree', () => {
  it('opens the longest span first, so no span is closed and reopened needlessly', () => {
    expect(inlineTree([text('a', bold), text('b', bold, italic), text('c', italic)])).toEqual([
      { kind: 'mark', mark: { type: 'bold' }, children: [{ kind: 'text', text: 'a' }, { kind: 'mark', mark: { type: 'italic' }, children: [{ kind: 'text', text: 'b' }] }] },
      { kind: 'mark', mark: { type: 'italic' }, children: [{ kind: 'text', text: 'c' }] },
    ])
    expect(inlineTree([text('a', italic), text('b', bold, italic), text('c', italic)])).toEqual([
      {
        kind: 'mark',
        mark: { type: 'italic' },
        children: [{ kind: 'text', text: 'a' }, { kind: 'mark', mark: { type: 'bold' }, children: [{ kind: 'text', text: 'b' }] }, { kind: 'text', text: 'c' }],
      },
    ])
  })

  it('puts links outside and code inside on a tie, whatever order the marks come in', () => {
    expect(inlineTree([text('x', code, link('https://a.example'))])).toEqual([
      { kind: 'mark', mark: { type: 'link', href: 'https://a.example' }, children: [{ kind: 'mark', mark: { type: 'code' }, children: [{ kind: 'text', text: 'x' }] }] },
    ])
    expect(inlineTree([text('x', strike, bold)])).toEqual(inlineTree([text('x', bold, strike)]))
  })

  it('never opens code around other marks', () => {
    const tree = inlineTree([text('a', code), text('b', code, bold)])
    expect(tree).toEqual([
      { kind: 'mark', mark: { type: 'code' }, children: [{ kind: 'text', text: 'a' }] },
      { kind: 'mark', mark: { type: 'bold' }, children: [{ kind: 'mark', mark: { type: 'code' }, children: [{ kind: 'text', text: 'b' }] }] },
    ])
  })

  it('tells links apart by their target, and drops unknown marks and links without a target', () => {
    const tree = inlineTree([
      text('a', link('https://a.example')),
      text('b', link('https://b.example')),
      text('c', { type: 'underline' }, { type: 'link', attrs: {} }),
    ])
    expect(tree).toEqual([
      { kind: 'mark', mark: { type: 'link', href: 'https://a.example' }, children: [{ kind: 'text', text: 'a' }] },
      { kind: 'mark', mark: { type: 'link', href: 'https://b.example' }, children: [{ kind: 'text', text: 'b' }] },
      { kind: 'text', text: 'c' },
    ])
  })

  it('keeps hard breaks outside marks, turns stray line breaks into spaces and skips empty text', () => {
    const nodes: PmNode[] = [text('a\nb', bold), { ...hardBreak, marks: [{ type: 'bold' }] }, text('', italic), text('c', bold)]
    expect(inlineTree(nodes)).toEqual([
      { kind: 'mark', mark: { type: 'bold' }, children: [{ kind: 'text', text: 'a b' }] },
      { kind: 'break' },
      { kind: 'mark', mark: { type: 'bold' }, children: [{ kind: 'text', text: 'c' }] },
    ])
    expect(treeText(inlineTree(nodes))).toBe('a b\nc')
  })

  it('can move spaces out of the edges of bold, italic and strike, until the nesting holds still', () => {
    expect(inlineTree([text('a'), text(' b ', bold), text('c')], { spacesOutsideEmphasis: true })).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'mark', mark: { type: 'bold' }, children: [{ kind: 'text', text: 'b' }] },
      { kind: 'text', text: ' c' },
    ])
    expect(inlineTree([text(' ', bold, italic), text('x', italic)], { spacesOutsideEmphasis: true })).toEqual([
      { kind: 'text', text: ' ' },
      { kind: 'mark', mark: { type: 'italic' }, children: [{ kind: 'text', text: 'x' }] },
    ])
    expect(inlineTree([text(' lien ', link('https://a.example'), bold)], { spacesOutsideEmphasis: true })).toEqual([
      { kind: 'mark', mark: { type: 'link', href: 'https://a.example' }, children: [{ kind: 'text', text: ' ' }, { kind: 'mark', mark: { type: 'bold' }, children: [{ kind: 'text', text: 'lien' }] }, { kind: 'text', text: ' ' }] },
    ])
  })
})
