import type { PmNode } from '@carnet/core'
import MarkdownIt from 'markdown-it'
import { describe, expect, it } from 'vitest'
import { expectGolden } from './__fixtures__/golden.js'
import {
  awkwardInput,
  bold,
  bulletList,
  code,
  codeBlock,
  doc,
  fullInput,
  hardBreak,
  heading,
  italic,
  link,
  listItem,
  meta,
  orderedList,
  paragraph,
  strike,
  table,
  taskItem,
  taskList,
  td,
  text,
  th,
  row,
} from './__fixtures__/pages.js'
import { marksPerCharacter, randomInline, seededRandom } from './__fixtures__/random-inline.js'
import { randomBody } from './__fixtures__/random-page.js'
import type { ExportInput } from './export-input.js'
import { markdownToJson } from './import-markdown.js'
import { markdownInline } from './markdown-inline.js'
import { normaliseBody } from './normalise.js'
import { toMarkdown } from './to-markdown.js'

// An independent reading: markdown-it as any site would configure it, raw HTML allowed, so that
// anything our escaping let through would show up as markup.
const commonmark = new MarkdownIt({ html: true })
const render = (source: string): string => commonmark.render(source)
const page = (...content: PmNode[]): ExportInput => ({ id: 'essai', meta: meta({ title: 'Essai', date: '', place: '', tags: [] }), body: doc(...content) })
/** The Markdown of a body alone, without the title, facts and footer lines. */
const bodyMarkdown = (...content: PmNode[]): string => toMarkdown(page(...content)).split('\n\n').slice(2, -2).join('\n\n')
const count = (html: string, pattern: RegExp): number => html.match(pattern)?.length ?? 0

describe('toMarkdown', () => {
  it('matches the golden files', () => {
    expectGolden('full.md', toMarkdown(fullInput))
    expectGolden('awkward.md', toMarkdown(awkwardInput))
  })

  it('gives CommonMark + GFM that renders every node and mark of the full page', () => {
    const html = render(toMarkdown(fullInput))
    expect(html).toContain('<h1>Atelier wiki du quartier</h1>')
    expect(html).toContain('<h2>Ordre du jour</h2>')
    expect(html).toContain('<strong>gras</strong>')
    expect(html).toContain('<em>italique</em>')
    expect(html).toMatch(/<em><strong>les deux<\/strong><\/em>|<strong><em>les deux<\/em><\/strong>/)
    expect(html).toContain('<s>barré</s>')
    expect(html).toContain('<code>code</code>')
    expect(html).toContain('<a href="https://wiki-brest.net/index.php/Accueil">lien</a>')
    expect(html).toContain('.<br>\nAprès un saut de ligne.')
    expect(html).toMatch(/<ul>\n<li>Premier niveau\n<ul>\n<li>Deuxième niveau\n<ul>\n<li>Troisième niveau<\/li>/)
    expect(html).toContain('<ol start="3">\n<li>Point trois</li>')
    expect(html).toContain('<li>[x] Réserver la salle</li>')
    expect(html).toContain('<li>[ ] Envoyer le compte rendu</li>')
    expect(html).toContain('<th>Poste</th>')
    expect(html).toContain('<td>a | b</td>')
    expect(html).toContain('<td><strong>Affiches</strong></td>')
    expect(html).toContain('<pre><code class="language-js">const fence = &quot;```&quot;\nconst s = `gabarit ${x}`\n\nconsole.log(fence, s)\n</code></pre>')
    expect(html).toMatch(/<blockquote>\n<p>« Un wiki, c’est une page qui s’écrit à plusieurs. »<\/p>\n<ul>\n<li>dans une citation<\/li>/)
    expect(count(html, /<hr>/g)).toBe(2) // the page's rule and the one before the footer
  })

  it('keeps awkward text as text: no stray emphasis, heading, list, quote, code, link, image or HTML', () => {
    const html = render(toMarkdown(awkwardInput))
    expect(count(html, /<h\d/g)).toBe(1)
    expect(count(html, /<li>/g)).toBe(500)
    expect(count(html, /<strong>/g)).toBe(3)
    expect(count(html, /<em>/g)).toBe(1)
    expect(count(html, /<code>/g)).toBe(1)
    expect(count(html, /<blockquote>|<pre>|<img|<script|<table>|<s>/g)).toBe(0)
    expect(count(html, /<a /g)).toBe(1) // the licence link only
    expect(count(html, /<hr>/g)).toBe(1) // before the footer
    for (const line of [
      'Pas gras : \'\'\'trois\'\'\' et \'\'deux\'\' apostrophes, l\'école',
      '* pas une liste',
      '# pas un titre',
      '1. pas une liste numérotée',
      '&gt; pas une citation',
      '&lt;script&gt;alert(1)&lt;/script&gt;',
      '[[Lien]] {{modèle}} ~~~~ __TOC__ [https://exemple.org pas un lien]',
      '`pas du code` _pas souligné_ *pas italique* ~~pas barré~~ \\ antislash',
      '&amp;amp; &amp;eacute; &amp;#233; entités écrites',
      '![pas une image](x) [pas un lien](y) &lt;https://pas.un.lien&gt;',
      '    quatre espaces devant',
    ]) {
      expect(html).toContain(`<p>${line.replace(/"/g, '&quot;')}</p>`)
    }
    expect(html).toContain('<p>avant <strong>gras avec espaces</strong> après</p>')
    expect(html).toContain('<p>mot<strong>(entre parenthèses)</strong>suite</p>')
    expect(html).toContain('<p>clic et data</p>')
  })

  it('writes the title, the facts with the licence, and the footer in French', () => {
    const markdown = toMarkdown(fullInput)
    expect(markdown.startsWith('# Atelier wiki du quartier\n\nDate : 27 novembre 2025\\\nLieu : Médiathèque des Capucins\\\n')).toBe(true)
    expect(markdown).toContain('Étiquettes : Atelier, Vie du quartier\\\n')
    expect(markdown).toContain('Licence : CC BY-SA 4.0 — <https://creativecommons.org/licenses/by-sa/4.0/deed.fr>\n')
    expect(markdown.endsWith('---\n\nSource : <https://carnet.example.org/p/atelier-wiki-2025>\\\nExporté de Carnet le 28 novembre 2025\n')).toBe(true)
    const bare = toMarkdown({ ...page(paragraph(text('x'))), meta: meta({ title: '  ', date: '', place: '', tags: [] }) })
    expect(bare).toBe('# Sans titre\n\nLicence : CC BY-SA 4.0 — <https://creativecommons.org/licenses/by-sa/4.0/deed.fr>\n\nx\n\n---\n\nExporté de Carnet\n')
  })

  it('fences code with more backticks than any run inside, and gives inline code enough backticks', () => {
    expect(bodyMarkdown(codeBlock('python', 'a = """\n````\n"""'))).toBe('`````python\na = """\n````\n"""\n`````')
    expect(bodyMarkdown(codeBlock(null, ''))).toBe('```\n```')
    expect(bodyMarkdown(paragraph(text('a `b` c', code)))).toBe('``a `b` c``')
    expect(bodyMarkdown(paragraph(text('`début', code)))).toBe('`` `début ``')
    expect(render(bodyMarkdown(paragraph(text(' espacé ', code))))).toBe('<p><code> espacé </code></p>\n')
  })

  it('drops a code block language that could break out of the info string', () => {
    expect(bodyMarkdown(codeBlock('js foo`', 'x'))).toBe('```\nx\n```')
  })

  it('moves spaces at the edges of bold, italic and strike outside the delimiters', () => {
    expect(bodyMarkdown(paragraph(text('a'), text(' gras ', bold), text('b')))).toBe('a **gras** b')
    expect(bodyMarkdown(paragraph(text('a'), text(' ', italic), text('b')))).toBe('a b')
    expect(bodyMarkdown(paragraph(text('x '), text(' ~ ', strike)))).toBe('x  ~~\\~~~&#32;')
  })

  it('writes a neighbour as a character reference where CommonMark would refuse the delimiter', () => {
    const source = bodyMarkdown(paragraph(text('mot'), text('(note)', bold), text('suite')))
    expect(source).toBe('mo&#116;**(note)**&#115;uite')
    expect(render(source)).toBe('<p>mot<strong>(note)</strong>suite</p>\n')
  })

  it('writes italic with `_` where a `*` run could pair with the wrong delimiter', () => {
    const source = bodyMarkdown(paragraph(text('gras', bold), text('italique', italic)))
    expect(render(source)).toBe('<p><strong>gras</strong><em>italique</em></p>\n')
  })

  it('escapes what would otherwise be Markdown syntax', () => {
    expect(bodyMarkdown(paragraph(text('*a* _b_ [c](d) <e> `f` ~~g~~ \\ h|i &amp;')))).toBe(
      '\\*a\\* \\_b\\_ \\[c\\](d) \\<e> \\`f\\` \\~\\~g\\~\\~ \\\\ h\\|i \\&amp;',
    )
    expect(bodyMarkdown(paragraph(text('# a')))).toBe('\\# a')
    expect(bodyMarkdown(paragraph(text('- a')))).toBe('\\- a')
    expect(bodyMarkdown(paragraph(text('+ a')))).toBe('\\+ a')
    expect(bodyMarkdown(paragraph(text('2025. a')))).toBe('2025\\. a')
    expect(bodyMarkdown(paragraph(text('3) a')))).toBe('3\\) a')
    expect(bodyMarkdown(paragraph(text('> a')))).toBe('\\> a')
    expect(bodyMarkdown(paragraph(text('a'), hardBreak, text('---')))).toBe('a\\\n\\---')
    expect(bodyMarkdown(paragraph(text('a'), hardBreak, text('===')))).toBe('a\\\n\\===')
    expect(bodyMarkdown(paragraph(text('wow!'), text('lien', link('https://exemple.org'))))).toBe('wow\\![lien](https://exemple.org)')
    expect(bodyMarkdown(heading(2, text('Numéro #')))).toBe('## Numéro \\#')
    expect(bodyMarkdown(paragraph(text('Jean-Pierre a 3 ans. Fin')))).toBe('Jean-Pierre a 3 ans. Fin')
  })

  it('keeps spaces Markdown would drop at the start of a line and the end of a block', () => {
    expect(bodyMarkdown(paragraph(text('    code ?')))).toBe('&#32;   code ?')
    expect(bodyMarkdown(paragraph(text('fin '), hardBreak, text(' suite ')))).toBe('fin \\\n&#32;suite&#32;')
    expect(render(bodyMarkdown(paragraph(text('\u00a0insécable'))))).toBe('<p>\u00a0insécable</p>\n')
  })

  it('writes hard breaks as backslash-newline, or <br> where a backslash would be text', () => {
    expect(bodyMarkdown(paragraph(text('a'), hardBreak, text('b')))).toBe('a\\\nb')
    expect(bodyMarkdown(paragraph(text('a'), hardBreak))).toBe('a<br>')
    expect(bodyMarkdown(paragraph(text('a'), hardBreak, hardBreak, text('b')))).toBe('a<br>\\\nb')
    expect(bodyMarkdown(heading(2, text('a'), hardBreak, text('b')))).toBe('## a<br>b')
    expect(render(bodyMarkdown(paragraph(text('a'), hardBreak, hardBreak, text('b'))))).toBe('<p>a<br><br>\nb</p>\n')
  })

  it('nests lists, numbers them from their start, and keeps sibling lists apart', () => {
    expect(
      bodyMarkdown(
        bulletList(listItem(paragraph(text('a')), orderedList(3, listItem(paragraph(text('b')), taskList(taskItem(true, paragraph(text('c')))))))),
        bulletList(listItem(paragraph(text('d')))),
        taskList(taskItem(false, paragraph(text('e')))),
        orderedList(1, listItem(paragraph(text('f')))),
        orderedList(1, listItem(paragraph(text('g')))),
      ),
    ).toBe('- a\n\n  3. b\n     - [x] c\n\n* d\n\n- [ ] e\n\n1. f\n\n1) g')
  })

  it('writes an item whose first paragraph is empty with its marker alone', () => {
    const source = bodyMarkdown(bulletList(listItem(paragraph(), bulletList(listItem(paragraph(text('dedans')))))), taskList(taskItem(false, paragraph())))
    expect(source).toBe('-\n  - dedans\n\n* [ ]')
    expect(render(source)).toBe('<ul>\n<li>\n<ul>\n<li>dedans</li>\n</ul>\n</li>\n</ul>\n<ul>\n<li>[ ]</li>\n</ul>\n')
  })

  it('separates list items made of several blocks with blank lines inside the item', () => {
    const source = bodyMarkdown(bulletList(listItem(paragraph(text('un')), paragraph(text('deux')), codeBlock(null, 'x'))))
    expect(source).toBe('- un\n\n  deux\n\n  ```\n  x\n  ```')
  })

  it('writes tables with a header row, escaped pipes, <br> for breaks and empty cells for spans', () => {
    const wide = { type: 'tableCell', attrs: { colspan: 2, rowspan: 1 }, content: [paragraph(text('large'))] }
    const source = bodyMarkdown(
      table(row(th(text('A')), th(text('B | C')), th(text('`x|y`', code))), row(wide, td(text('1'), hardBreak, text('2'))), row(td(text(' espace ')))),
    )
    expect(source).toBe('| A | B \\| C | `` `x\\|y` `` |\n| --- | --- | --- |\n| large | | 1<br>2 |\n| &#32;espace&#32; | | |')
    const html = render(source)
    expect(html).toContain('<th>B | C</th>')
    expect(html).toContain('<th><code>`x|y`</code></th>')
    expect(html).toContain('<td>1<br>2</td>')
  })

  it('keeps a list inside a table cell a list (inline HTML), which the import reads back', () => {
    const cell = { type: 'tableCell', attrs: { colspan: 1, rowspan: 1 }, content: [paragraph(text('Tâches')), bulletList(listItem(paragraph(text('affiche', bold))), listItem(paragraph(text('courrier'))))] }
    const body = doc(table(row(th(text('Qui')), th(text('Quoi'))), row(td(text('Anne')), cell)))
    const source = bodyMarkdown(...(body.content ?? []))
    expect(source).toBe('| Qui | Quoi |\n| --- | --- |\n| Anne | Tâches<ul><li>**affiche**</li><li>courrier</li></ul> |')
    expect(render(source)).toContain('<td>Tâches<ul><li><strong>affiche</strong></li><li>courrier</li></ul></td>')
    expect(normaliseBody(markdownToJson(toMarkdown(page(...(body.content ?? [])))).body)).toEqual(normaliseBody(body))
  })

  it('writes each column\'s alignment in the delimiter row', () => {
    const aligned = (align: string, value: string): PmNode => ({ type: 'tableHeader', attrs: { colspan: 1, rowspan: 1, align }, content: [paragraph(text(value))] })
    const source = bodyMarkdown(table(row(aligned('left', 'a'), aligned('center', 'b'), aligned('right', 'c'), th(text('d')))))
    expect(source).toBe('| a | b | c | d |\n| :--- | :---: | ---: | --- |')
  })

  it('uses the first row as header even when it is made of plain cells', () => {
    expect(bodyMarkdown(table(row(td(text('a'))), row(td(text('b')))))).toBe('| a |\n| --- |\n| b |')
  })

  it('keeps http, https and mailto links, anchors and relative paths, nothing else', () => {
    expect(bodyMarkdown(paragraph(text('x', link('javascript:alert(1)')), text(' '), text('y', link('mailto:a@b.fr'))))).toBe('x [y](mailto:a@b.fr)')
    expect(bodyMarkdown(paragraph(text('avant', link('./2025-02-14.md')), text(' '), text('décisions', link('#décisions'))))).toBe('[avant](./2025-02-14.md) [décisions](#décisions)')
    expect(bodyMarkdown(paragraph(text('z', link('https://exemple.org/a b_(c'))))).toBe('[z](<https://exemple.org/a b_(c>)')
  })

  it('tolerates content from a newer editor or a careless client', () => {
    const source = bodyMarkdown(
      { type: 'callout', content: [paragraph(text('dedans'))] },
      { type: 'text', text: 'texte au niveau du doc' } as PmNode,
      paragraph({ type: 'mention', text: '@marie' }, text(' salut', { type: 'underline' })),
      { type: 'heading', attrs: { level: 'grand' }, content: [text('titre')] },
    )
    expect(source).toBe('dedans\n\ntexte au niveau du doc\n\n@marie salut\n\n# titre')
  })
})

describe('toMarkdown read back by markdown-it (property tests)', () => {
  it('keeps the marks of every non-space character of random inline content', () => {
    const withoutEmphasisOnSpaces = (chars: ReturnType<typeof marksPerCharacter>) =>
      chars.map((c) => (/\s/.test(c.char) ? { char: c.char, marks: c.marks.filter((m) => m === 'code' || m.startsWith('link')) } : c))
    for (let seed = 1; seed <= 2000; seed++) {
      const inline = randomInline(seededRandom(seed))
      const source = markdownInline(inline, 'paragraph')
      const read = markdownToJson(source).body.content?.[0]?.content ?? []
      expect(withoutEmphasisOnSpaces(marksPerCharacter(read)), `seed ${seed}: ${source}`).toEqual(withoutEmphasisOnSpaces(marksPerCharacter(inline)))
    }
  })

  it('is a fixed point: exporting what an export reads back as gives the same Markdown', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const input = { ...fullInput, body: randomBody(seededRandom(seed)) }
      const markdown = toMarkdown(input)
      expect(toMarkdown({ ...input, body: markdownToJson(markdown).body }), `seed ${seed}`).toBe(markdown)
    }
  })
})
