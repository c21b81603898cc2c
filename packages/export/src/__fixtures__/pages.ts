// Test pages: one that uses every node and mark of the schema, one full of text that looks like
// markup in some output format, and the meta that goes with them.
import type { PageMeta, PmMark, PmNode } from '@carnet/core'
import type { ExportInput } from '../export-input.js'

export const text = (value: string, ...marks: PmMark[]): PmNode => (marks.length > 0 ? { type: 'text', text: value, marks } : { type: 'text', text: value })
export const bold: PmMark = { type: 'bold' }
export const italic: PmMark = { type: 'italic' }
export const strike: PmMark = { type: 'strike' }
export const code: PmMark = { type: 'code' }
/** As Tiptap's Link extension writes it in `getJSON()`, defaults included. */
export const link = (href: string): PmMark => ({ type: 'link', attrs: { href, target: '_blank', rel: 'noopener noreferrer nofollow', class: null } })
export const hardBreak: PmNode = { type: 'hardBreak' }
export const paragraph = (...content: PmNode[]): PmNode => (content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' })
export const heading = (level: number, ...content: PmNode[]): PmNode => ({ type: 'heading', attrs: { level }, content })
export const listItem = (...content: PmNode[]): PmNode => ({ type: 'listItem', content })
export const bulletList = (...items: PmNode[]): PmNode => ({ type: 'bulletList', content: items })
export const orderedList = (start: number, ...items: PmNode[]): PmNode => ({ type: 'orderedList', attrs: { start, type: null }, content: items })
export const taskItem = (checked: boolean, ...content: PmNode[]): PmNode => ({ type: 'taskItem', attrs: { checked }, content })
export const taskList = (...items: PmNode[]): PmNode => ({ type: 'taskList', content: items })
export const blockquote = (...content: PmNode[]): PmNode => ({ type: 'blockquote', content })
export const codeBlock = (language: string | null, value: string): PmNode => ({ type: 'codeBlock', attrs: { language }, content: [text(value)] })
export const horizontalRule: PmNode = { type: 'horizontalRule' }
const cellAttrs = { colspan: 1, rowspan: 1, colwidth: null }
export const th = (...content: PmNode[]): PmNode => ({ type: 'tableHeader', attrs: cellAttrs, content: [paragraph(...content)] })
export const td = (...content: PmNode[]): PmNode => ({ type: 'tableCell', attrs: cellAttrs, content: [paragraph(...content)] })
export const row = (...cells: PmNode[]): PmNode => ({ type: 'tableRow', content: cells })
export const table = (...rows: PmNode[]): PmNode => ({ type: 'table', content: rows })
export const doc = (...content: PmNode[]): PmNode => ({ type: 'doc', content })

export const meta = (patch: Partial<PageMeta> = {}): PageMeta => ({
  title: 'Atelier wiki du quartier',
  template: 'atelier',
  date: '2025-11-27',
  place: 'Médiathèque des Capucins',
  tags: ['Atelier', 'Vie du quartier'],
  licence: 'CC-BY-SA-4.0',
  closed: false,
  createdAt: 1764240000000,
  ...patch,
})

/** Every node and every mark of the schema, in the shapes Tiptap's `getJSON()` gives them. */
export const fullBody: PmNode = doc(
  paragraph(text('Compte rendu de l’atelier, écrit en direct.')),
  heading(2, text('Ordre du jour')),
  paragraph(
    text('Du texte '),
    text('gras', bold),
    text(', '),
    text('italique', italic),
    text(', '),
    text('les deux', bold, italic),
    text(', '),
    text('barré', strike),
    text(', du '),
    text('code', code),
    text(' et un '),
    text('lien', link('https://wiki-brest.net/index.php/Accueil')),
    text('.'),
    hardBreak,
    text('Après un saut de ligne.'),
  ),
  bulletList(
    listItem(
      paragraph(text('Premier niveau')),
      bulletList(
        listItem(paragraph(text('Deuxième niveau')), bulletList(listItem(paragraph(text('Troisième niveau'))))),
        listItem(paragraph(text('Deuxième niveau, suite'))),
      ),
    ),
    listItem(paragraph(text('Premier niveau, suite'))),
  ),
  orderedList(3, listItem(paragraph(text('Point trois'))), listItem(paragraph(text('Point quatre')), bulletList(listItem(paragraph(text('Détail')))))),
  taskList(taskItem(true, paragraph(text('Réserver la salle'))), taskItem(false, paragraph(text('Envoyer le compte rendu')))),
  heading(3, text('Budget')),
  table(
    row(th(text('Poste')), th(text('Montant')), th(text('Note'))),
    row(td(text('Café')), td(text('12 €')), td(text('a | b'))),
    row(td(text('Affiches', bold)), td(text('30 €')), td()),
  ),
  codeBlock('js', 'const fence = "```"\nconst s = `gabarit ${x}`\n\nconsole.log(fence, s)'),
  horizontalRule,
  blockquote(paragraph(text('« Un wiki, c’est une page qui s’écrit à plusieurs. »')), bulletList(listItem(paragraph(text('dans une citation'))))),
  orderedList(1, listItem(paragraph(text('Un'))), listItem(paragraph(text('Deux')))),
  paragraph(text('Fin.')),
)

/** Text that is markup somewhere: in Markdown, in wikitext or in HTML. */
export const awkwardBody: PmNode = doc(
  paragraph(text('Accents : é à ç œ « guillemets » l’apostrophe — ÉÀÇŒ')),
  paragraph(text("Pas gras : '''trois''' et ''deux'' apostrophes, l'école")),
  paragraph(text('Des | barres || verticales')),
  paragraph(text('* pas une liste')),
  paragraph(text('# pas un titre')),
  paragraph(text('- tiret')),
  paragraph(text('+ plus')),
  paragraph(text('1. pas une liste numérotée')),
  paragraph(text('> pas une citation')),
  paragraph(text('----')),
  paragraph(text('= pas un titre =')),
  paragraph(text(': deux-points ; point-virgule')),
  paragraph(text('<script>alert(1)</script>')),
  paragraph(text('"><img src=x onerror=alert(1)>')),
  paragraph(text('avant'), text(' gras avec espaces ', bold), text('après')),
  paragraph(text('mot'), text('(entre parenthèses)', bold), text('suite')),
  paragraph(text("l'", italic), text('école', bold)),
  paragraph(),
  paragraph(),
  paragraph(text('[[Lien]] {{modèle}} ~~~~ __TOC__ [https://exemple.org pas un lien]')),
  paragraph(text('`pas du code` _pas souligné_ *pas italique* ~~pas barré~~ \\ antislash')),
  paragraph(text('&amp; &eacute; &#233; entités écrites')),
  paragraph(text('![pas une image](x) [pas un lien](y) <https://pas.un.lien>')),
  paragraph(text('    quatre espaces devant')),
  paragraph(text('clic', link('javascript:alert(1)')), text(' et '), text('data', link('data:text/html,<script>alert(1)</script>'))),
  paragraph(text('code avec `accent grave` et |barre|', code)),
  bulletList(...Array.from({ length: 500 }, (_, index) => listItem(paragraph(text(`élément ${index + 1}`))))),
)

export const fullInput: ExportInput = {
  id: 'atelier-wiki-2025',
  meta: meta(),
  body: fullBody,
  url: 'https://carnet.example.org/p/atelier-wiki-2025',
  exportedAt: new Date('2025-11-28T09:30:00Z'),
}

export const awkwardInput: ExportInput = {
  id: 'page-bizarre',
  meta: meta({
    title: "Réunion <b>« test »</b> #1 | '''x''' [[y]]",
    date: '2025-12-01',
    place: 'Maison *du* peuple [Brest] <i>',
    tags: ['Vie du quartier', 'Atelier|wiki', '<script>'],
    licence: 'CC0-1.0',
  }),
  body: awkwardBody,
}
