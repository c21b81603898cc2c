import { BLOCK_NODES, INLINE_NODES, MARKS, type PmNode } from '@carnet/core'
import { describe, expect, it } from 'vitest'
import {
  awkwardInput,
  blockquote,
  bold,
  bulletList,
  code,
  codeBlock,
  doc,
  fullInput,
  hardBreak,
  heading,
  italic,
  listItem,
  orderedList,
  paragraph,
  strike,
  taskItem,
  taskList,
  text,
} from './__fixtures__/pages.js'
import { markdownToJson } from './import-markdown.js'
import { normaliseBody } from './normalise.js'
import { toMarkdown } from './to-markdown.js'

const body = (markdown: string): PmNode => normaliseBody(markdownToJson(markdown).body)
const expected = (...content: PmNode[]): PmNode => normaliseBody(doc(...content))
const linked = (value: string, href: string): PmNode => ({ type: 'text', text: value, marks: [{ type: 'link', attrs: { href } }] })

function typesIn(node: PmNode, into = { nodes: new Set<string>(), marks: new Set<string>() }) {
  into.nodes.add(node.type)
  for (const mark of node.marks ?? []) into.marks.add(mark.type)
  for (const child of node.content ?? []) typesIn(child, into)
  return into
}

describe('markdownToJson reading our own Markdown export', () => {
  it('gives back the body of a page that uses every node and mark', () => {
    const imported = markdownToJson(toMarkdown(fullInput))
    expect(imported.title).toBe(fullInput.meta.title)
    expect(normaliseBody(imported.body)).toEqual(normaliseBody(fullInput.body))
  })

  it('makes export → import → export a fixed point, awkward text included', () => {
    for (const input of [fullInput, awkwardInput]) {
      const markdown = toMarkdown(input)
      const imported = markdownToJson(markdown)
      expect(imported.title).toBe(input.meta.title)
      expect(toMarkdown({ ...input, meta: { ...input.meta, title: imported.title ?? '' }, body: imported.body })).toBe(markdown)
    }
  })

  it('drops the facts under the title and the footer, but only those', () => {
    const imported = markdownToJson(toMarkdown({ ...fullInput, body: doc(paragraph(text('Date : demain')), paragraph(text('Exporté de Carnet'))) }))
    expect(normaliseBody(imported.body)).toEqual(expected(paragraph(text('Date : demain')), paragraph(text('Exporté de Carnet'))))
    expect(body('# T\n\nDate : hier\n\nTexte')).toEqual(expected(paragraph(text('Date : hier')), paragraph(text('Texte'))))
  })

  it('gives the awkward page its text back unchanged', () => {
    const imported = markdownToJson(toMarkdown(awkwardInput))
    const paragraphs = (imported.body.content ?? []).filter((node) => node.type === 'paragraph').map((node) => (node.content ?? []).map((n) => n.text ?? '').join(''))
    expect(paragraphs).toContain("Pas gras : '''trois''' et ''deux'' apostrophes, l'école")
    expect(paragraphs).toContain('<script>alert(1)</script>')
    expect(paragraphs).toContain('    quatre espaces devant')
    expect(paragraphs).toContain('[[Lien]] {{modèle}} ~~~~ __TOC__ [https://exemple.org pas un lien]')
    expect(paragraphs).toContain('clic et data')
  })
})

describe('markdownToJson reading Markdown written elsewhere', () => {
  it('takes a leading level-1 heading as the title, and only that', () => {
    expect(markdownToJson('# Réunion du 3\n\nTexte').title).toBe('Réunion du 3')
    expect(markdownToJson('Réunion *du* 3\n===\n\nTexte').title).toBe('Réunion du 3')
    expect(markdownToJson('## Pas un titre').title).toBeNull()
    expect(body('## Pas un titre')).toEqual(expected(heading(2, text('Pas un titre'))))
    expect(markdownToJson('Texte\n\n# Plus loin').title).toBeNull()
    expect(markdownToJson('').body).toEqual(expected(paragraph()))
    expect(markdownToJson('# Seul').body).toEqual(expected(paragraph()))
  })

  it('reads marks, links, breaks and code', () => {
    expect(body('**g** *i* _j_ ~~b~~ `c` [l](https://exemple.org) <https://auto.example> <a@b.fr>\\\nsuite  \nfin\nmême ligne')).toEqual(
      expected(
        paragraph(
          text('g', bold),
          text(' '),
          text('i', italic),
          text(' '),
          text('j', italic),
          text(' '),
          text('b', strike),
          text(' '),
          text('c', code),
          text(' '),
          linked('l', 'https://exemple.org'),
          text(' '),
          linked('https://auto.example', 'https://auto.example'),
          text(' '),
          linked('a@b.fr', 'mailto:a@b.fr'),
          hardBreak,
          text('suite'),
          hardBreak,
          text('fin même ligne'),
        ),
      ),
    )
  })

  it('keeps link targets as written', () => {
    expect(body('[x](https://fr.wikipedia.org/wiki/Brest_(Finistère))')).toEqual(expected(paragraph(linked('x', 'https://fr.wikipedia.org/wiki/Brest_(Finistère)'))))
  })

  it('turns links it does not trust into their text', () => {
    expect(body('[a](javascript:alert(1)) [b](ftp://exemple.org) [c](data:text/html,x) [d](/relatif)')).toEqual(
      expected(paragraph(text('[a](javascript:alert(1)) b [c](data:text/html,x) '), linked('d', '/relatif'))),
    )
  })

  it('reads lists, task lists, quotes and code blocks', () => {
    expect(body('- a\n  1. b\n  2. c\n\n5) d\n\n- [ ] e\n- [X] f\n\n> q\n> - r\n\n```js title="x"\nlet a\n```\n\n    indentée\n\n---')).toEqual(
      expected(
        bulletList(listItem(paragraph(text('a')), orderedList(1, listItem(paragraph(text('b'))), listItem(paragraph(text('c')))))),
        orderedList(5, listItem(paragraph(text('d')))),
        taskList(taskItem(false, paragraph(text('e'))), taskItem(true, paragraph(text('f')))),
        blockquote(paragraph(text('q')), bulletList(listItem(paragraph(text('r'))))),
        codeBlock('js', 'let a'),
        { type: 'codeBlock', attrs: { language: null }, content: [text('indentée')] },
        { type: 'horizontalRule' },
      ),
    )
  })

  it('keeps a list with some task boxes a plain list, boxes as text', () => {
    expect(body('- [ ] a\n- b\n- \\[ ] c')).toEqual(expected(bulletList(listItem(paragraph(text('[ ] a'))), listItem(paragraph(text('b'))), listItem(paragraph(text('[ ] c'))))))
    expect(body('- [x]\n- [ ] **gras**')).toEqual(expected(taskList(taskItem(true, paragraph()), taskItem(false, paragraph(text('gras', bold))))))
  })

  it('reads GFM tables, first row as header cells', () => {
    expect(body('| a | b |\n|---|:-:|\n| 1 | **2** |\n| 3 |')).toEqual(
      expected(
        {
          type: 'table',
          content: [
            { type: 'tableRow', content: [{ type: 'tableHeader', content: [paragraph(text('a'))] }, { type: 'tableHeader', attrs: { align: 'center' }, content: [paragraph(text('b'))] }] },
            { type: 'tableRow', content: [{ type: 'tableCell', content: [paragraph(text('1'))] }, { type: 'tableCell', attrs: { align: 'center' }, content: [paragraph(text('2', bold))] }] },
            { type: 'tableRow', content: [{ type: 'tableCell', content: [paragraph(text('3'))] }, { type: 'tableCell', attrs: { align: 'center' }, content: [paragraph()] }] },
          ],
        },
      ),
    )
  })

  it('turns raw HTML into text and images into links', () => {
    expect(body('<div class="x">bloc</div>\n\nen <b>ligne</b>\n\n![une photo](https://exemple.org/p.jpg) ![](https://exemple.org/q.png) ![local](photo.jpg)')).toEqual(
      expected(
        paragraph(text('<div class="x">bloc</div>')),
        paragraph(text('en <b>ligne</b>')),
        paragraph(linked('une photo', 'https://exemple.org/p.jpg'), text(' '), linked('https://exemple.org/q.png', 'https://exemple.org/q.png'), text(' '), linked('local', 'photo.jpg')),
      ),
    )
  })

  it('lets code win over other marks, as the editor does', () => {
    expect(body('**`x`** [`y`](https://exemple.org)')).toEqual(expected(paragraph(text('x', code), text(' '), text('y', code))))
  })

  it('produces only nodes and marks of the editor schema, whatever the Markdown', () => {
    const messy = [
      '# Titre',
      'Texte[^1] avec une note.',
      '[^1]: La note.',
      '<details><summary>plus</summary>caché</details>',
      'Terme\n: définition',
      '* [ref][r]\n\n[r]: https://exemple.org "titre"',
      '1. un\n\n   ```\n   code\n   ```\n\n   > citation',
      '| a |\n|---|\n| ![i](https://x.example/i.png) |',
      '<!-- commentaire -->',
      '$$ x^2 $$ :smile: ==surligné== H~2~O',
    ].join('\n\n')
    const { nodes, marks } = typesIn(markdownToJson(messy).body)
    const allowed = new Set<string>(['doc', ...BLOCK_NODES, ...INLINE_NODES])
    for (const type of nodes) expect(allowed.has(type), type).toBe(true)
    for (const type of marks) expect((MARKS as readonly string[]).includes(type), type).toBe(true)
  })

  it('gives list items and quotes the first paragraph the editor requires', () => {
    expect(body('-\n  - x\n\n>')).toEqual(expected(bulletList(listItem(paragraph(), bulletList(listItem(paragraph(text('x')))))), blockquote(paragraph())))
  })
})
