import type { PmNode } from '@carnet/core'
import { describe, expect, it } from 'vitest'
import { expectGolden } from './__fixtures__/golden.js'
import {
  awkwardInput,
  bold,
  bulletList,
  codeBlock,
  doc,
  fullInput,
  hardBreak,
  heading,
  link,
  listItem,
  meta,
  orderedList,
  paragraph,
  row,
  table,
  taskItem,
  taskList,
  td,
  text,
  th,
} from './__fixtures__/pages.js'
import { seededRandom } from './__fixtures__/random-inline.js'
import { randomBody } from './__fixtures__/random-page.js'
import type { ExportInput } from './export-input.js'
import { bodyToHtml, toHtml } from './to-html.js'

const ALLOWED_TAGS = new Set([
  'html', 'head', 'meta', 'title', 'style', 'body', 'article', 'header', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'dl', 'dt', 'dd',
  'p', 'br', 'strong', 'em', 's', 'code', 'a', 'ul', 'ol', 'li', 'span', 'blockquote', 'pre', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'time',
])
const ALLOWED_ATTRIBUTES = new Set(['dir', 'scope', 'style', 'lang', 'charset', 'name', 'content', 'http-equiv', 'href', 'rel', 'class', 'start', 'colspan', 'rowspan', 'role', 'aria-label', 'datetime'])

/** Every `<` of the document must open one of our tags, with our attributes only. */
function checkMarkup(html: string): { tags: string[]; hrefs: string[] } {
  const body = html.replace(/^<!doctype html>\n/, '').replace(/<style>[\s\S]*?<\/style>/, '<style></style>')
  const tags: string[] = []
  const hrefs: string[] = []
  const tagPattern = /<\/?([a-z][a-z0-9]*)((?:\s+[a-z-]+="[^"<>]*")*)\s*>/g
  for (const match of body.matchAll(tagPattern)) {
    const name = match[1] ?? ''
    expect(ALLOWED_TAGS.has(name), `tag <${name}>`).toBe(true)
    tags.push(name)
    for (const attribute of (match[2] ?? '').matchAll(/([a-z-]+)="([^"]*)"/g)) {
      expect(ALLOWED_ATTRIBUTES.has(attribute[1] ?? ''), `attribute ${attribute[1]}`).toBe(true)
      if (attribute[1] === 'href') hrefs.push(attribute[2] ?? '')
    }
  }
  expect(body.replace(tagPattern, '')).not.toContain('<')
  for (const href of hrefs) expect(href).toMatch(/^(?:https?:\/\/|mailto:)/)
  return { tags, hrefs }
}

const page = (...content: PmNode[]): ExportInput => ({ id: 'essai', meta: meta({ title: 'Essai', date: '', place: '', tags: [] }), body: doc(...content) })
const bodyHtml = (...content: PmNode[]): string => {
  const html = toHtml(page(...content))
  return html.slice(html.indexOf('</header>\n') + '</header>\n'.length, html.indexOf('\n<footer>'))
}

describe('toHtml', () => {
  it('matches the golden files', () => {
    expectGolden('full.html', toHtml(fullInput))
    expectGolden('awkward.html', toHtml(awkwardInput))
  })

  it('is a standalone French HTML5 document with screen and print styles', () => {
    const html = toHtml(fullInput)
    expect(html.startsWith('<!doctype html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">')).toBe(true)
    expect(html).toContain('<title>Atelier wiki du quartier</title>')
    expect(html).toContain("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'")
    expect(html).toMatch(/@media print \{[\s\S]*@page \{ margin: [^}]+\}/)
    expect(html).toMatch(/li, tr, pre, blockquote, .facts, footer \{ break-inside: avoid; page-break-inside: avoid; \}/)
    expect(html).toContain('a[href^="http"]::after, a[href^="mailto:"]::after { content: " (" attr(href) ")";')
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<form|<input|<button/)
  })

  it('writes the title, facts with the licence, and the footer', () => {
    const html = toHtml(fullInput)
    expect(html).toContain('<h1 dir="auto">Atelier wiki du quartier</h1>')
    expect(html).toContain('<dt>Date</dt><dd><time datetime="2025-11-27">27 novembre 2025</time></dd>')
    expect(html).toContain('<dt>Lieu</dt><dd>Médiathèque des Capucins</dd>')
    expect(html).toContain('<dt>Étiquettes</dt><dd>Atelier, Vie du quartier</dd>')
    expect(html).toContain('<dt>Licence</dt><dd><a rel="license" href="https://creativecommons.org/licenses/by-sa/4.0/deed.fr">CC BY-SA 4.0</a></dd>')
    expect(html).toContain('Source : <a class="url" href="https://carnet.example.org/p/atelier-wiki-2025">https://carnet.example.org/p/atelier-wiki-2025</a><br>')
    expect(html).toContain('<time datetime="2025-11-28">Exporté de Carnet le 28 novembre 2025</time>')
  })

  it('renders every node and mark', () => {
    const { tags } = checkMarkup(toHtml(fullInput))
    for (const tag of ['h2', 'h3', 'strong', 'em', 's', 'code', 'a', 'br', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'th', 'td', 'pre', 'hr', 'blockquote']) {
      expect(tags).toContain(tag)
    }
    expect(bodyHtml(orderedList(3, listItem(paragraph(text('trois')))))).toBe('<ol start="3">\n<li dir="auto">trois</li>\n</ol>')
    expect(bodyHtml(taskList(taskItem(true, paragraph(text('fait'))), taskItem(false, paragraph())))).toBe(
      '<ul class="task-list">\n<li class="task-item done" dir="auto"><span class="task-box" role="img" aria-label="fait">☑</span> fait</li>\n<li class="task-item" dir="auto"><span class="task-box" role="img" aria-label="à faire">☐</span> </li>\n</ul>',
    )
    expect(bodyHtml(table(row(th(text('A'))), row({ type: 'tableCell', attrs: { colspan: 2, rowspan: 3 }, content: [paragraph(text('b'))] })))).toBe(
      '<table><thead><tr><th scope="col" dir="auto">A</th></tr></thead><tbody><tr><td colspan="2" rowspan="3" dir="auto">b</td></tr></tbody></table>',
    )
    expect(bodyHtml(table(row(td(text('sans en-tête')))))).toBe('<table><tbody><tr><td dir="auto">sans en-tête</td></tr></tbody></table>')
    expect(bodyHtml(codeBlock('js', 'a < b && "c"'))).toBe('<pre><code class="language-js">a &lt; b &amp;&amp; &quot;c&quot;</code></pre>')
    expect(bodyHtml(paragraph(), paragraph(text('a'), hardBreak, text('b', bold)))).toBe('<p dir="auto"><br></p>\n<p dir="auto">a<br><strong>b</strong></p>')
    expect(bodyHtml(bulletList(listItem(paragraph(text('a')), paragraph(text('b')))))).toBe('<ul>\n<li dir="auto">a<p dir="auto">b</p></li>\n</ul>')
  })

  it('escapes everything that comes from the page and keeps only http, https and mailto links', () => {
    const evil: ExportInput = {
      id: 'xss',
      meta: meta({
        title: '</title><script>alert(1)</script>',
        date: '2025-01-01" onmouseover="alert(1)',
        place: '"><img src=x onerror=alert(1)>',
        tags: ['<svg onload=alert(1)>', "' onfocus='alert(1)"],
        licence: 'javascript:alert(1)' as never,
      }),
      url: 'javascript:alert(document.cookie)',
      body: doc(
        paragraph(text('<script>alert(1)</script> & "guillemets" \'apostrophes\'')),
        paragraph(
          text('a', link('javascript:alert(1)')),
          text('b', link('JaVaScRiPt:alert(1)')),
          text('c', link(' javascript:alert(1)')),
          text('d', link('java\tscript:alert(1)')),
          text('e', link('data:text/html,<script>alert(1)</script>')),
          text('f', link('vbscript:msgbox(1)')),
          text('g', link('//evil.example')),
          text('h', link('https://exemple.org/" onclick="alert(1)')),
          text('i', link('https://exemple.org/\u0000javascript:')),
          text('j', { type: '<script>', attrs: { href: 'x' } }),
        ),
        codeBlock('js"><script>alert(1)</script>', '</code></pre><script>alert(1)</script>'),
        codeBlock('x onmouseover=alert(1)', 'y'),
        { type: 'heading', attrs: { level: '1><script>alert(1)</script>' }, content: [text('titre')] },
        { type: 'orderedList', attrs: { start: '1" onclick="alert(1)' }, content: [listItem(paragraph(text('o')))] },
        { type: 'table', content: [row({ type: 'tableCell', attrs: { colspan: '2 onmouseover=alert(1)', rowspan: -1 }, content: [paragraph(text('t'))] })] },
        { type: 'taskList', content: [{ type: 'taskItem', attrs: { checked: '"><script>' }, content: [paragraph(text('k'))] }] },
        { type: 'script', content: [paragraph(text('alert(1)'))] },
        { type: 'paragraph', content: [{ type: 'iframe', text: '<iframe src=x>' }] },
      ),
    }
    const html = toHtml(evil)
    const { hrefs } = checkMarkup(html)
    expect(html).not.toMatch(/<script|<img|<svg|<iframe/i)
    expect(html).not.toMatch(/\son\w+="/i)
    expect(hrefs).toEqual(['https://creativecommons.org/licenses/by-sa/4.0/deed.fr', 'https://exemple.org/&quot; onclick=&quot;alert(1)'])
    expect(html).toContain('<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>')
    expect(html).toContain('<dd>2025-01-01&quot; onmouseover=&quot;alert(1)</dd>')
    expect(html).toContain('<dd>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</dd>')
    expect(html).toContain('<dd>&lt;svg onload=alert(1)&gt;, &#39; onfocus=&#39;alert(1)</dd>')
    expect(html).toContain('Source : javascript:alert(document.cookie)<br>')
    expect(html).toContain('<p dir="auto">&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;guillemets&quot; &#39;apostrophes&#39;</p>')
    expect(html).toContain('<p dir="auto">abcdefg<a href="https://exemple.org/&quot; onclick=&quot;alert(1)">h</a>ij</p>')
    expect(html).toContain('<pre><code>&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>\n<pre><code>y</code></pre>')
    expect(html).toContain('<h1 dir="auto">titre</h1>\n<ol>\n<li dir="auto">o</li>\n</ol>\n<table><tbody><tr><td dir="auto">t</td></tr></tbody></table>')
    expect(html).toContain('<p dir="auto">alert(1)</p>\n<p dir="auto">&lt;iframe src=x&gt;</p>')
  })

  it('gives well-formed, allow-listed markup for random pages', () => {
    for (let seed = 1; seed <= 200; seed++) checkMarkup(toHtml({ ...fullInput, body: randomBody(seededRandom(seed)) }))
    checkMarkup(toHtml(awkwardInput))
  })

  it('gives header cells a scope, cells their alignment, and blocks dir="auto" for right-to-left lines', () => {
    const header = (value: string): PmNode => ({ type: 'tableHeader', attrs: { colspan: 1, rowspan: 1 }, content: [paragraph(text(value))] })
    const html = bodyHtml(table(row(header('Qui'), header('Quoi')), row(header('Anne'), { type: 'tableCell', attrs: { colspan: 1, rowspan: 1, align: 'right' }, content: [paragraph(text('12'))] })), paragraph(text('مرحبا')))
    expect(html).toContain('<thead><tr><th scope="col" dir="auto">Qui</th><th scope="col" dir="auto">Quoi</th></tr></thead>')
    expect(html).toContain('<tr><th scope="row" dir="auto">Anne</th><td style="text-align: right" dir="auto">12</td></tr>')
    expect(html).toContain('<p dir="auto">مرحبا</p>')
  })

  it('marks links that show their own address, so print does not repeat it', () => {
    expect(bodyHtml(paragraph(text('https://exemple.org', link('https://exemple.org')), text(' '), text('a@b.fr', link('mailto:a@b.fr')), text(' '), text('site', link('https://exemple.org'))))).toBe(
      '<p dir="auto"><a class="url" href="https://exemple.org">https://exemple.org</a> <a class="url" href="mailto:a@b.fr">a@b.fr</a> <a href="https://exemple.org">site</a></p>',
    )
  })

  it('keeps the levels of body headings', () => {
    expect(bodyHtml(heading(1, text('un')), heading(4, text('quatre')))).toBe('<h1 dir="auto">un</h1>\n<h4 dir="auto">quatre</h4>')
  })

  it('gives the body alone, exactly as inside the document, with the same escaping', () => {
    for (const input of [fullInput, awkwardInput]) {
      const html = toHtml(input)
      expect(html).toContain(`</header>\n${bodyToHtml(input.body)}\n<footer>`)
      checkMarkup(bodyToHtml(input.body))
    }
  })
})
