import type { PmNode } from '@carnet/core'
import { describe, expect, it } from 'vitest'
import Parser from 'wikiparser-node'
import { expectGolden } from './__fixtures__/golden.js'
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
  link,
  listItem,
  meta,
  orderedList,
  paragraph,
  row,
  strike,
  table,
  taskItem,
  taskList,
  td,
  text,
  th,
} from './__fixtures__/pages.js'
import { marksPerCharacter, randomInline, seededRandom } from './__fixtures__/random-inline.js'
import { randomBody } from './__fixtures__/random-page.js'
import type { ExportInput } from './export-input.js'
import { bodyToWikitext, toWikitext, wikiPageName } from './to-wikitext.js'

// wikiparser-node, configured as a MediaWiki whose content language is French (`Catégorie:`).
Parser.config = 'default'
const defaultConfig = Parser.getConfig()
const frenchWiki = { ...defaultConfig, nsid: { ...defaultConfig.nsid, catégorie: 14 } }
const lintErrors = (wikitext: string) => Parser.parse(wikitext, false, undefined, frenchWiki).lint().filter((error) => error.severity === 'error')
const lintWarnings = (wikitext: string) => Parser.parse(wikitext, false, undefined, frenchWiki).lint().filter((error) => error.severity === 'warning')
const toHtml = (wikitext: string): string => Parser.toHtml(wikitext, false, frenchWiki)
const count = (html: string, pattern: RegExp): number => html.match(pattern)?.length ?? 0
const wiki = (...content: PmNode[]): string => bodyToWikitext(doc(...content))
const decode = (html: string): string =>
  html
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')

describe('toWikitext', () => {
  it('matches the golden files', () => {
    expectGolden('full.wiki', toWikitext(fullInput))
    expectGolden('awkward.wiki', toWikitext(awkwardInput))
  })

  it('gives wikitext with no lint errors and no warnings for a normal page: no level-1 title, the page name is the title', () => {
    expect(lintErrors(toWikitext(fullInput))).toEqual([])
    expect(lintErrors(toWikitext(awkwardInput))).toEqual([])
    expect(lintWarnings(toWikitext(fullInput)).map((warning) => warning.rule)).toEqual([])
  })

  it('renders every node and mark of the full page', () => {
    const html = toHtml(toWikitext(fullInput))
    expect(html).not.toContain('<h1')
    expect(html).toContain('<h2 id="Ordre_du_jour">Ordre du jour</h2>')
    expect(html).toContain('Du texte <b>gras</b>, <i>italique</i>, <i><b>les deux</b></i>, <s>barré</s>, du <code>code</code> et un ')
    expect(html).toContain('<a rel="nofollow" class="external" href="https://wiki-brest.net/index.php/Accueil">lien</a>.<br>Après un saut de ligne.')
    expect(html).toContain('<ul><li>Premier niveau\n<ul><li>Deuxième niveau\n<ul><li>Troisième niveau</li></ul></li>')
    expect(html).toContain('<ol start="3">\n<li>Point trois</li>\n<li>Point quatre<ul><li>Détail</li></ul></li>\n</ol>')
    expect(html).toContain('<ul><li>☑ Réserver la salle</li>\n<li>☐ Envoyer le compte rendu</li></ul>')
    expect(html).toContain('<table class="wikitable">')
    expect(html).toContain('<th>Poste\n</th>')
    expect(html).toContain('<td>a | b\n</td>')
    expect(html).toContain('<td><b>Affiches</b>\n</td>')
    expect(html).toContain('mw-highlight-lang-js')
    expect(html).toContain('<blockquote>\n<p>« Un wiki, c’est une page qui s’écrit à plusieurs. »\n</p>\n<ul><li>dans une citation</li></ul>\n</blockquote>')
    expect(html).toContain('<ol><li>Un</li>\n<li>Deux</li></ol>')
    expect(count(html, /<hr>/g)).toBe(2)
    expect(html).toContain('Licence : <a rel="nofollow" class="external" href="https://creativecommons.org/licenses/by-sa/4.0/deed.fr">CC BY-SA 4.0</a>')
    const categories = Parser.parse(toWikitext(fullInput), false, undefined, frenchWiki).querySelectorAll('category')
    expect(categories.map((category) => category.toString())).toEqual(['[[Catégorie:Atelier]]', '[[Catégorie:Vie du quartier]]'])
  })

  it('keeps awkward text as text on the wiki', () => {
    const html = toHtml(toWikitext(awkwardInput)).split('<div id="catlinks"')[0] ?? ''
    const paragraphs = Array.from(html.matchAll(/<p>([\s\S]*?)\n?<\/p>/g), (match) => decode((match[1] ?? '').replace(/<[^>]+>/g, '')))
    for (const line of [
      "Pas gras : '''trois''' et ''deux'' apostrophes, l'école",
      'Des | barres || verticales',
      '* pas une liste',
      '# pas un titre',
      '----',
      '= pas un titre =',
      ': deux-points ; point-virgule',
      '<script>alert(1)</script>',
      '"><img src=x onerror=alert(1)>',
      '[[Lien]] {{modèle}} ~~~~ __TOC__ [https://exemple.org pas un lien]',
      '&amp; &eacute; &#233; entités écrites',
      'quatre espaces devant',
      'clic et data',
    ]) {
      expect(paragraphs).toContain(line)
    }
    expect(count(html, /<h[2-6]/g)).toBe(0)
    expect(count(html, /<li>/g)).toBe(500)
    expect(count(html, /<b>/g)).toBe(3)
    expect(count(html, /<i>/g)).toBe(1)
    expect(count(html, /<pre|<dl|<table|<script|<img/g)).toBe(0)
    expect(count(html, /<hr>/g)).toBe(1)
    expect(html).not.toMatch(/href="(?:javascript|data):/)
    expect(html).not.toContain('Catégorie')
    const categories = Parser.parse(toWikitext(awkwardInput), false, undefined, frenchWiki).querySelectorAll('category')
    expect(categories.map((category) => category.toString())).toEqual(['[[Catégorie:Vie du quartier]]', '[[Catégorie:Atelier wiki]]', '[[Catégorie:script]]'])
  })

  it('wraps text that would be markup in <nowiki>, and makes tags and entities inert', () => {
    expect(wiki(paragraph(text('voir [[Lien]] et {{modèle}}, signé ~~~~')))).toBe('voir <nowiki>[[Lien]] et {{modèle}}, signé ~~~~</nowiki>')
    expect(wiki(paragraph(text("pas '''gras'''")))).toBe("pas <nowiki>'''gras'''</nowiki>")
    expect(wiki(paragraph(text('__NOTOC__ et -{ }-')))).toBe('<nowiki>__NOTOC__ et -{ }-</nowiki>')
    expect(wiki(paragraph(text('<b>x</b> &nbsp; & ;')))).toBe('&lt;b>x&lt;/b> &amp;nbsp; & ;')
    expect(wiki(paragraph(text('[https://exemple.org texte]')))).toBe('<nowiki>[https://exemple.org texte]</nowiki>')
  })

  it('guards the start of a line', () => {
    expect(wiki(paragraph(text('* a')), paragraph(text('#b')), paragraph(text(':c')), paragraph(text(';d')), paragraph(text('=e=')), paragraph(text('-----')))).toBe(
      '<nowiki>*</nowiki> a\n\n<nowiki>#</nowiki>b\n\n<nowiki>:</nowiki>c\n\n<nowiki>;</nowiki>d\n\n<nowiki>=</nowiki>e=\n\n<nowiki>-</nowiki>----',
    )
    expect(wiki(paragraph(text('   pas de bloc préformaté')))).toBe('pas de bloc préformaté')
    expect(wiki(heading(2, text('= égal =')))).toBe('== <nowiki>=</nowiki> égal <nowiki>=</nowiki> ==')
  })

  it('writes marks, hard breaks and links', () => {
    expect(wiki(paragraph(text('g', bold), text(' '), text('i', italic), text(' '), text('s', strike), text(' '), text('c', code), hardBreak, text('l', link('https://exemple.org/a b'))))).toBe(
      "'''g''' ''i'' <s>s</s> <code>c</code><br />[https://exemple.org/a%20b l]",
    )
    expect(wiki(paragraph(text('x', link('javascript:alert(1)')), text(' '), text('  ', link('mailto:a@b.fr'))))).toBe('x [mailto:a@b.fr mailto:a@b.fr]')
    expect(wiki(paragraph(text('a]b', link('https://exemple.org'))))).toBe('[https://exemple.org a<nowiki>]</nowiki>b]')
  })

  it('keeps apostrophes from merging with quote markup', () => {
    expect(wiki(paragraph(text("l'", italic), text('école', bold)))).toBe("''l&#39;''<nowiki/>'''école'''")
    expect(wiki(paragraph(text("aujourd'hui", bold)))).toBe("'''aujourd'hui'''")
    expect(wiki(paragraph(text(' gras ', bold), text('suite')))).toBe("'''gras''' suite")
  })

  it('writes lists with *, # and their nesting, task items with ☐ and ☑', () => {
    expect(
      wiki(
        bulletList(listItem(paragraph(text('a')), orderedList(1, listItem(paragraph(text('b')), taskList(taskItem(true, paragraph(text('c'))), taskItem(false, paragraph()))))), listItem(paragraph(text('d')), paragraph(text('suite de d')))),
      ),
    ).toBe('* a\n*# b\n*#* ☑ c\n*#* ☐\n* d\n*: suite de d')
  })

  it('writes a numbered list that does not start at 1 as an HTML list', () => {
    expect(wiki(orderedList(3, listItem(paragraph(text('trois')), bulletList(listItem(paragraph(text('x'))))), listItem(paragraph(text('quatre')))))).toBe(
      '<ol start="3">\n<li>trois<ul><li>x</li></ul></li>\n<li>quatre</li>\n</ol>',
    )
    const nested = wiki(bulletList(listItem(paragraph(text('a')), orderedList(7, listItem(paragraph(text('sept')))))))
    expect(nested).toBe('* a\n*: <ol start="7"><li>sept</li></ol>')
    expect(toHtml(nested)).toContain('<ol start="7"><li>sept</li></ol>')
  })

  it('writes code blocks with <syntaxhighlight> when they have a language, <pre> otherwise', () => {
    expect(wiki(codeBlock('python', 'print("<b>") & 1'))).toBe('<syntaxhighlight lang="python">\nprint("<b>") & 1\n</syntaxhighlight>')
    expect(wiki(codeBlock(null, 'a < b && c\n</pre>'))).toBe('<pre>a &lt; b &amp;&amp; c\n&lt;/pre&gt;</pre>')
    expect(wiki(codeBlock('js', 'x </syntaxhighlight> y'))).toBe('<pre>x &lt;/syntaxhighlight&gt; y</pre>')
    expect(wiki(codeBlock('js" onclick="x', 'z'))).toBe('<pre>z</pre>')
    expect(decode(toHtml(wiki(codeBlock(null, 'a < b && c\n</pre>'))).replace(/<[^>]+>/g, ''))).toContain('a < b && c\n</pre>')
  })

  it('writes quotes, rules and tables', () => {
    expect(wiki(blockquote(paragraph(text('a')), bulletList(listItem(paragraph(text('b'))))), { type: 'horizontalRule' })).toBe('<blockquote>\na\n\n* b\n</blockquote>\n\n----')
    const wide = { type: 'tableHeader', attrs: { colspan: 2, rowspan: 1 }, content: [paragraph(text('deux colonnes'))] }
    expect(wiki(table(row(wide), row(td(text('a | b !! c')), { type: 'tableCell', content: [paragraph(text('un')), paragraph(text('| deux'))] })))).toBe(
      '{| class="wikitable"\n|-\n! colspan="2" | deux colonnes\n|-\n| a <nowiki>| b !!</nowiki> c\n|\nun\n\n<nowiki>|</nowiki> deux\n|}',
    )
    expect(wiki(table(row(th(text('t')))))).toBe('{| class="wikitable"\n|-\n! t\n|}')
  })

  it('moves every heading one level down when the body has level-1 headings (the wiki keeps level 1 for the page name)', () => {
    expect(wiki(heading(1, text('Un')), heading(2, text('Deux')))).toBe('== Un ==\n\n=== Deux ===')
    expect(wiki(heading(2, text('Deux')), heading(4, text('Quatre')))).toBe('== Deux ==\n\n==== Quatre ====')
    expect(lintWarnings(wiki(heading(1, text('Un')))).map((warning) => warning.rule)).toEqual([])
  })

  it('names the categories in the wiki\'s language (CARNET_WIKI_CATEGORY)', () => {
    const input: ExportInput = { id: 'x', meta: meta({ tags: ['Quartier'] }), body: doc(paragraph(text('corps'))), wikiCategoryNamespace: 'Category' }
    expect(toWikitext(input)).toContain('\n[[Category:Quartier]]\n')
    expect(toWikitext({ ...input, wikiCategoryNamespace: undefined })).toContain('\n[[Catégorie:Quartier]]\n')
  })

  it('names the wiki page after the Carnet page, in characters a wiki title may hold', () => {
    expect(wikiPageName({ meta: meta({ title: 'Réunion du 14 février [bureau] | #2' }) })).toBe('Réunion du 14 février bureau 2')
    expect(wikiPageName({ meta: meta({ title: '' }) })).toBe('Sans titre')
  })

  it('writes the licence, the source and categories made safe from tags', () => {
    const input: ExportInput = {
      id: 'x',
      meta: meta({ title: '', tags: ['  Vie  du quartier ', '[[x]]|y', '###'], date: '' }),
      body: doc(paragraph(text('corps'))),
      url: 'https://carnet.example.org/p/x',
    }
    expect(toWikitext(input)).toBe(
      'Lieu : Médiathèque des Capucins<br />\nLicence : [https://creativecommons.org/licenses/by-sa/4.0/deed.fr CC BY-SA 4.0]\n\ncorps\n\n----\nSource : https://carnet.example.org/p/x<br />\nExporté de Carnet\n\n[[Catégorie:Vie du quartier]]\n[[Catégorie:x y]]\n',
    )
  })
})

describe('toWikitext read by wikiparser-node (property tests)', () => {
  it('keeps the bold, italic, strike, code and link of every non-space character', () => {
    const tagMarks: Record<string, string> = { b: 'bold', i: 'italic', s: 'strike', code: 'code', a: 'link' }
    const renderedMarks = (html: string) => {
      const chars: Array<{ char: string; marks: string[] }> = []
      const open: string[] = []
      for (const match of html.matchAll(/<(\/?)([a-z0-9]+)[^>]*>|([^<]+)/gi)) {
        if (match[3] !== undefined) {
          const marks = [...new Set(open.map((tag) => tagMarks[tag]).filter((mark): mark is string => mark !== undefined))].sort()
          for (const char of decode(match[3])) chars.push({ char, marks })
          continue
        }
        const tag = (match[2] ?? '').toLowerCase()
        if (tag === 'br') continue
        if (match[1]) open.splice(open.lastIndexOf(tag), 1)
        else open.push(tag)
      }
      return chars.filter((c) => !/\s/.test(c.char))
    }
    for (let seed = 1; seed <= 1500; seed++) {
      const inline = randomInline(seededRandom(seed))
      // A link whose text is only spaces is written with its address as text: nothing to compare.
      if (inline.some((node) => node.marks?.some((mark) => mark.type === 'link') && !node.text?.trim())) continue
      const source = wiki(paragraph(...inline))
      const expected = marksPerCharacter(inline)
        .filter((c) => !/\s/.test(c.char))
        .map((c) => ({ char: c.char, marks: c.marks.map((mark) => (mark.startsWith('link') ? 'link' : mark)).sort() }))
      expect(renderedMarks(toHtml(source)), `seed ${seed}: ${source}`).toEqual(expected)
    }
  })

  it('gives random pages without lint errors, showing all their text', () => {
    const textOf = (node: PmNode): string => {
      if (node.type === 'taskItem') return (node.attrs?.['checked'] ? '☑' : '☐') + (node.content ?? []).map(textOf).join('')
      const href = node.marks?.find((mark) => mark.type === 'link')?.attrs?.['href']
      if (node.type === 'text') return href && !node.text?.trim() ? String(href) : (node.text ?? '')
      return (node.content ?? []).map(textOf).join('')
    }
    for (let seed = 1; seed <= 150; seed++) {
      const body = randomBody(seededRandom(seed))
      const source = bodyToWikitext(body)
      expect(lintErrors(source), `seed ${seed}`).toEqual([])
      const shown = decode(toHtml(source).replace(/<[^>]*>/g, '')).replace(/\s+/g, '')
      expect(shown, `seed ${seed}`).toBe(textOf(body).replace(/\s+/g, ''))
    }
  })
})
