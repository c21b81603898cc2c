/// <reference types="node" />
// Every import format: golden files (the page each fixture file gives), what each importer must
// keep, and the round trips through Carnet's own exports.
import { readFileSync } from 'node:fs'
import { MAX_NESTING_DEPTH, pageBody, readPageMeta, type PmNode } from '@carnet/core'
import { pageFromDoc } from '@carnet/core/from-ydoc'
import { AlignmentType, Document, ExternalHyperlink, HeadingLevel, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx'
import { describe, expect, it } from 'vitest'
import { expectGolden } from './__fixtures__/golden.js'
import { bold, bulletList, doc, fullInput, italic, listItem, paragraph, text } from './__fixtures__/pages.js'
import { ImportError, type ImportedPage } from './imported-page.js'
import { backupToPage, decodeText, importedPageToDoc, readTextImport, titleFromFileName } from './import-document.js'
import { docxToPage } from './import-docx.js'
import { importFormatOfFile, readsInBrowser } from './import-formats.js'
import { htmlToPage } from './import-html.js'
import { markdownToPage } from './import-markdown.js'
import { wikitextToPage } from './import-wikitext.js'
import { normaliseBody } from './normalise.js'
import { encodePageBackup } from './page-backup.js'
import { toDocx } from './to-docx.js'
import { toHtml } from './to-html.js'
import { toWikitext } from './to-wikitext.js'

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/imports/${name}`, import.meta.url), 'utf8')
const golden = (page: ImportedPage): string => `${JSON.stringify({ ...page, body: normaliseBody(page.body) }, null, 2)}\n`
const WIKI = 'https://www.wiki-brest.net/index.php'

function texts(node: PmNode): string {
  return node.text ?? (node.content ?? []).map(texts).join(node.type === 'doc' ? '\n' : '')
}

function find(node: PmNode, type: string): PmNode[] {
  return [...(node.type === type ? [node] : []), ...(node.content ?? []).flatMap((child) => find(child, type))]
}

describe('Markdown import', () => {
  const page = markdownToPage(fixture('reunion-hedgedoc.md'))

  it('matches its golden file', () => expectGolden('import-md.json', golden(page)))

  it('reads the YAML front matter: title, tags, date and place', () => {
    expect(page).toMatchObject({ title: 'Conseil de quartier du 14 février', tags: ['Quartier', 'Vie associative'], date: '2025-02-14', place: 'Maison du peuple' })
  })

  it('keeps relative links and anchors, and the marks of the first heading', () => {
    const links = find(page.body, 'text').flatMap((node) => (node.marks ?? []).filter((mark) => mark.type === 'link').map((mark) => mark.attrs?.['href']))
    expect(links).toEqual(['./2025-01-10.md', '#décisions', './affiche.png'])
    expect(page.body.content?.[0]).toMatchObject({ type: 'heading', attrs: { level: 1 }, content: [{ text: 'Conseil de quartier du ' }, { text: '14 février', marks: [{ type: 'bold' }] }] })
  })

  it('keeps nested emphasis, the space of a wrapped image description, and drops comments', () => {
    expect(normaliseBody(markdownToPage('_Voir *Les Misérables* de Victor Hugo_').body)).toEqual(normaliseBody(doc(paragraph(text('Voir Les Misérables de Victor Hugo', italic)))))
    expect(texts(page.body)).toContain('Affiche de la fête')
    expect(texts(page.body)).not.toContain('Notes prises')
    expect(texts(markdownToPage('a <!-- b --> c\n\n<!--\nbloc\n-->').body)).toBe('a  c')
  })

  it('keeps the table columns\' alignment', () => {
    const cells = find(page.body, 'tableHeader')
    expect(cells.map((cell) => cell.attrs?.['align'] ?? null)).toEqual(['left', 'center', 'right'])
  })

  it('leaves front matter that is not YAML in the text', () => {
    expect(markdownToPage('---\n: pas [du yaml\n---\nTexte').title).toBeNull()
    expect(markdownToPage('---\ntitle: Titre\ntags: a, b\n---\n# Autre').tags).toEqual(['a', 'b'])
  })
})

describe('MediaWiki wikitext import', () => {
  const page = wikitextToPage(fixture('conseil-de-quartier.wiki'), { wikiUrl: WIKI })

  it('matches its golden file', () => expectGolden('import-wiki.json', golden(page)))

  it('takes the title from `= … =`, the tags from the categories', () => {
    expect(page.title).toBe('Conseil de quartier de Bellevue')
    expect(page.tags).toEqual(['Quartier de Bellevue', 'Compte rendu'])
  })

  it('reads headings, nested lists, tables, marks and links', () => {
    const body = page.body
    expect(find(body, 'heading').map((heading) => [heading.attrs?.['level'], texts(heading)])).toEqual([
      [2, 'Ordre du jour'],
      [3, 'Décisions'],
    ])
    expect(find(body, 'orderedList')).toHaveLength(2)
    expect(find(body, 'bulletList').length).toBeGreaterThanOrEqual(3)
    const links = find(body, 'text').flatMap((node) => (node.marks ?? []).filter((mark) => mark.type === 'link').map((mark) => mark.attrs?.['href']))
    expect(links).toEqual([`${WIKI}?title=Page_d'accueil`, 'https://www.brest.fr', `${WIKI}?title=V%C3%A9lo_Brest`])
    expect(find(body, 'text').filter((node) => node.marks?.some((mark) => mark.type === 'strike')).map((node) => node.text)).toEqual(['2024'])
    const table = find(body, 'table')[0] as PmNode
    expect(find(table, 'tableHeader').map(texts)).toEqual(['Qui', 'Quoi'])
    expect(find(table, 'bulletList')).toHaveLength(1)
    expect(find(body, 'codeBlock').map(texts)).toEqual(['Horaires : 10 h – 12 h\nLieu : salle 2'])
  })

  it('keeps templates as their wikitext, never lost', () => {
    expect(texts(page.body)).toContain('{{Bandeau réunion|date=14/02/2025|lieu=Maison du peuple}}')
  })

  it('keeps internal links as text when the wiki is unknown', () => {
    const plain = wikitextToPage('Voir [[Page d’accueil|l’accueil]].')
    expect(normaliseBody(plain.body)).toEqual(normaliseBody(doc(paragraph(text('Voir l’accueil.')))))
  })

  it('reads categories in the namespace the wiki names them', () => {
    expect(wikitextToPage('x\n[[Category:Neighbourhood]]', { categoryNamespace: 'Category' }).tags).toEqual(['Neighbourhood'])
  })

  it('reads back the body of Carnet\'s own wikitext export', () => {
    const back = wikitextToPage(toWikitext(fullInput))
    expect(back.tags).toEqual(fullInput.meta.tags)
    expect(back.place).toBe(fullInput.meta.place)
    expect(texts(back.body)).not.toContain('Exporté de Carnet')
    // What wikitext cannot hold the same way (a list starting at 3, written as HTML) keeps its text.
    for (const line of ['Ordre du jour', 'Troisième niveau', 'Point quatre', 'Réserver la salle', 'Fin.']) expect(texts(back.body)).toContain(line)
    expect(find(back.body, 'taskItem').map((item) => item.attrs?.['checked'])).toEqual([true, false])
  })
})

describe('HTML import', () => {
  const page = htmlToPage(fixture('page-web.html'))

  it('matches its golden file', () => expectGolden('import-html.json', golden(page)))

  it('drops scripts, styles, comments, navigation and footers', () => {
    expect(page.title).toBe('Atelier réparation de vélos')
    expect(texts(page.body)).not.toMatch(/pas importé|font-family|commentaire|Agenda|Association du quartier/)
  })

  it('reads lists with their start, tasks, quotes, code, tables with spans and alignment', () => {
    expect(find(page.body, 'orderedList')[0]?.attrs?.['start']).toBe(2)
    expect(find(page.body, 'taskItem').map((item) => item.attrs?.['checked'])).toEqual([true, false])
    expect(find(page.body, 'blockquote')).toHaveLength(1)
    expect(find(page.body, 'codeBlock')[0]).toMatchObject({ attrs: { language: 'sh' }, content: [{ text: 'gonfler --pression 4' }] })
    expect(find(page.body, 'tableCell').map((cell) => [cell.attrs?.['colspan'], cell.attrs?.['align'] ?? null])).toEqual([
      [1, null],
      [1, 'right'],
      [2, null],
    ])
    expect(find(page.body, 'text').find((node) => node.text === 'en gras par style')?.marks).toEqual([bold])
  })

  it('gives back the whole page of Carnet\'s own HTML export', () => {
    const back = htmlToPage(toHtml(fullInput))
    expect(back).toMatchObject({ title: fullInput.meta.title, date: fullInput.meta.date, place: fullInput.meta.place, tags: fullInput.meta.tags })
    expect(normaliseBody(back.body)).toEqual(normaliseBody(fullInput.body))
  })
})

describe('.docx import', () => {
  it('reads a document made by the docx library: headings, lists, tables, marks and links', async () => {
    const made = new Document({
      numbering: {
        config: [
          { reference: 'puces', levels: [0, 1].map((level) => ({ level, format: LevelFormat.BULLET, text: '•', alignment: AlignmentType.LEFT })) },
          { reference: 'numeros', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT }] },
        ],
      },
      sections: [
        {
          children: [
            new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun('Assemblée générale')] }),
            new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Rapport moral')] }),
            new Paragraph({ children: [new TextRun({ text: 'Une année ', italics: true }), new TextRun({ text: 'chargée', bold: true }), new TextRun(', voir '), new ExternalHyperlink({ link: 'https://exemple.org/ag', children: [new TextRun({ text: 'le site', style: 'Hyperlink' })] }), new TextRun('.')] }),
            new Paragraph({ numbering: { reference: 'puces', level: 0 }, children: [new TextRun('Fête du quartier')] }),
            new Paragraph({ numbering: { reference: 'puces', level: 1 }, children: [new TextRun('en juin')] }),
            new Paragraph({ numbering: { reference: 'numeros', level: 0 }, children: [new TextRun('Voter le budget')] }),
            new Paragraph({ children: [new TextRun({ text: 'ancien', strike: true })] }),
            new Table({
              rows: [
                new TableRow({ tableHeader: true, children: [new TableCell({ children: [new Paragraph('Poste')] }), new TableCell({ children: [new Paragraph('Montant')] })] }),
                new TableRow({ children: [new TableCell({ children: [new Paragraph('Goûter')] }), new TableCell({ children: [new Paragraph('45 €')] })] }),
              ],
            }),
          ],
        },
      ],
    })
    const page = await docxToPage(new Uint8Array(await Packer.toArrayBuffer(made)))
    expectGolden('import-docx.json', golden(page))
    expect(page.title).toBe('Assemblée générale')
    expect(find(page.body, 'heading').map(texts)).toEqual(['Rapport moral'])
    expect(find(page.body, 'bulletList')).toHaveLength(2)
    expect(find(page.body, 'orderedList')).toHaveLength(1)
    expect(find(page.body, 'tableHeader').map(texts)).toEqual(['Poste', 'Montant'])
    expect(find(page.body, 'tableCell').map(texts)).toEqual(['Goûter', '45 €'])
    const marks = find(page.body, 'text').map((node) => [node.text, (node.marks ?? []).map((mark) => (mark.type === 'link' ? mark.attrs?.['href'] : mark.type))])
    expect(marks).toContainEqual(['Une année ', ['italic']])
    expect(marks).toContainEqual(['chargée', ['bold']])
    expect(marks).toContainEqual(['le site', ['https://exemple.org/ag']])
    expect(marks).toContainEqual(['ancien', ['strike']])
  })

  it('reads back Carnet\'s own .docx export: title, facts, headings, lists, tasks, table, code, quote', async () => {
    const back = await docxToPage(await toDocx(fullInput))
    expect(back).toMatchObject({ title: fullInput.meta.title, place: fullInput.meta.place, tags: fullInput.meta.tags })
    expect(texts(back.body)).not.toContain('Exporté de Carnet')
    expect(find(back.body, 'heading').map(texts)).toEqual(['Ordre du jour', 'Budget'])
    expect(find(back.body, 'taskItem').map((item) => item.attrs?.['checked'])).toEqual([true, false])
    expect(find(back.body, 'tableHeader').map(texts)).toEqual(['Poste', 'Montant', 'Note'])
    expect(find(back.body, 'codeBlock').map(texts)).toEqual(['const fence = "```"\nconst s = `gabarit ${x}`\n\nconsole.log(fence, s)'])
    expect(find(back.body, 'blockquote')).toHaveLength(1)
    expect(find(back.body, 'text').find((node) => node.text === 'code')?.marks).toEqual([{ type: 'code' }])
  })

  it('refuses what is not a .docx with a message that says so', async () => {
    await expect(docxToPage(new TextEncoder().encode('pas un zip'))).rejects.toMatchObject({ reason: 'unreadable' })
  })
})

describe('an imported page', () => {
  it('becomes a Y.Doc with its title, tags, date and place, ready for the editor', () => {
    const doc = importedPageToDoc(markdownToPage(fixture('reunion-hedgedoc.md')), { now: 1_739_520_000_000 })
    expect(readPageMeta(doc)).toMatchObject({ title: 'Conseil de quartier du 14 février', tags: ['Quartier', 'Vie associative'], date: '2025-02-14', place: 'Maison du peuple', createdAt: 1_739_520_000_000, closed: false })
    expect(pageBody(doc).length).toBeGreaterThan(3)
    expect(normaliseBody(pageFromDoc(doc).body)).toEqual(normaliseBody(markdownToPage(fixture('reunion-hedgedoc.md')).body))
  })

  it('is named after the file when the file names nothing, after its first line otherwise', () => {
    expect(readPageMeta(importedPageToDoc(wikitextToPage('Texte'), { fileName: 'Réunion_du_14_février.wiki' })).title).toBe('Réunion du 14 février')
    expect(readPageMeta(importedPageToDoc(wikitextToPage('Première ligne\n\nsuite'))).title).toBe('Première ligne')
    expect(titleFromFileName('C:\\notes\\ag.docx')).toBe('ag')
  })

  it('is refused when empty, not UTF-8, too deep, or not a Carnet backup', () => {
    expect(() => importedPageToDoc(markdownToPage('  \n'))).toThrow(ImportError)
    expect(() => decodeText(new Uint8Array([0xff, 0xfe, 0x00, 0xd8]))).toThrow(/UTF-8/)
    const deep = `${'>'.repeat(120)} tout au fond`
    const deepList = Array.from({ length: 40 }, (_, level) => `${'*'.repeat(level + 1)} niveau ${level + 1}`).join('\n')
    expect(() => wikitextToPage(deepList)).toThrow(expect.objectContaining({ reason: 'too-deep', message: expect.stringContaining(`${MAX_NESTING_DEPTH} au plus`) }))
    expect(() => markdownToPage(deep)).toThrow(expect.objectContaining({ reason: 'too-deep' }))
    expect(() => markdownToPage(`${'>'.repeat(40)} assez profond`)).not.toThrow()
    const html = `${'<blockquote>'.repeat(5000)}fond`
    expect(() => htmlToPage(html)).toThrow(expect.objectContaining({ reason: 'too-deep' }))
    expect(() => backupToPage(new TextEncoder().encode('pas une sauvegarde'))).toThrow(expect.objectContaining({ reason: 'unreadable' }))
  })

  it('from a .carnet backup is the same page, open for writing', () => {
    const source = importedPageToDoc({ title: 'Sauvegardée', tags: [], date: null, place: null, body: doc(bulletList(listItem(paragraph(text('a'))))) })
    source.getMap('meta').set('closed', true)
    const copy = backupToPage(encodePageBackup(source)).doc
    expect(readPageMeta(copy)).toMatchObject({ title: 'Sauvegardée', closed: false })
  })

  it('is in a format named by its file', () => {
    expect(['a.md', 'b.WIKI', 'c.htm', 'd.docx', 'e.carnet', 'f.txt'].map((name) => importFormatOfFile(name)?.id)).toEqual(['md', 'wiki', 'html', 'docx', 'carnet', 'md'])
    expect(importFormatOfFile('sans-extension', 'text/html')?.id).toBe('html')
    expect(importFormatOfFile('photo.jpg')).toBeNull()
    expect(readTextImport('html', '<p>x</p>').body.content?.[0]).toEqual(paragraph(text('x')))
    const wiki = importFormatOfFile('a.wiki')!
    expect([readsInBrowser(wiki, 10_000), readsInBrowser(wiki, 10_000_000), readsInBrowser(importFormatOfFile('a.docx')!, 10)]).toEqual([true, false, false])
  })
})
