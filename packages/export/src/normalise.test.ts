import { describe, expect, it } from 'vitest'
import { bold, doc, italic, link, paragraph, text } from './__fixtures__/pages.js'
import { normaliseBody } from './normalise.js'

describe('normaliseBody', () => {
  it('drops null and default attrs, and empty attrs and content', () => {
    expect(
      normaliseBody({
        type: 'doc',
        content: [
          { type: 'orderedList', attrs: { start: 1, type: null }, content: [] },
          { type: 'codeBlock', attrs: { language: null } },
          { type: 'taskItem', attrs: { checked: false } },
          { type: 'tableCell', attrs: { colspan: 1, rowspan: 2, colwidth: null } },
          { type: 'heading', attrs: { level: 1 } },
        ],
      }),
    ).toEqual({
      type: 'doc',
      content: [{ type: 'orderedList' }, { type: 'codeBlock' }, { type: 'taskItem' }, { type: 'tableCell', attrs: { rowspan: 2 } }, { type: 'heading', attrs: { level: 1 } }],
    })
  })

  it('orders marks, keeps only the target of links, and merges neighbouring text with the same marks', () => {
    expect(normaliseBody(doc(paragraph(text('a', italic, bold), text('b', bold, italic), text(''), text('c', link('https://a.example')))))).toEqual(
      doc(paragraph(text('ab', bold, italic), { type: 'text', text: 'c', marks: [{ type: 'link', attrs: { href: 'https://a.example' } }] })),
    )
  })

  it('gives the same form to the spellings getJSON, a Y.Doc and an import give of one body', () => {
    const fromEditor = doc({ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'bold', attrs: {} }] }] })
    const fromImport = doc({ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'bold' }] }] })
    expect(normaliseBody(fromEditor)).toEqual(normaliseBody(fromImport))
  })
})
