import type { PmNode } from '@carnet/core'
import { describe, expect, it } from 'vitest'
import { expectGolden } from './__fixtures__/golden.js'
import {
  awkwardInput,
  blockquote,
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
import type { ExportInput } from './export-input.js'
import { bodyToText, toText } from './to-text.js'

const page = (...content: PmNode[]): ExportInput => ({ id: 'essai', meta: meta({ title: 'Essai', date: '', place: '', tags: [] }), body: doc(...content) })
const bodyText = (...content: PmNode[]): string => toText(page(...content)).split('\n\n').slice(2, -1).join('\n\n')

describe('toText', () => {
  it('matches the golden files', () => {
    expectGolden('full.txt', toText(fullInput))
    expectGolden('awkward.txt', toText(awkwardInput))
  })

  it('underlines the title to its width in characters, then gives the facts and footer', () => {
    const output = toText({ ...fullInput, meta: meta({ title: 'Été à Brest' }) })
    expect(output.startsWith('Été à Brest\n===========\n\nDate : 27 novembre 2025\nLieu : Médiathèque des Capucins\nÉtiquettes : Atelier, Vie du quartier\n')).toBe(true)
    expect(output).toContain('Licence : CC BY-SA 4.0 — https://creativecommons.org/licenses/by-sa/4.0/deed.fr\n')
    expect(output.endsWith('* * *\nSource : https://carnet.example.org/p/atelier-wiki-2025\nExporté de Carnet le 28 novembre 2025\n')).toBe(true)
  })

  it('writes headings, lists, tasks, quotes, code, rules and tables readably', () => {
    expect(
      bodyText(
        heading(1, text('Un')),
        heading(2, text('Deux')),
        heading(3, text('Trois')),
        bulletList(listItem(paragraph(text('a')), orderedList(9, listItem(paragraph(text('neuf'))), listItem(paragraph(text('dix'), hardBreak, text('suite')))))),
        taskList(taskItem(true, paragraph(text('fait'))), taskItem(false, paragraph(text('à faire')))),
        blockquote(paragraph(text('cité')), paragraph(text('encore'))),
        codeBlock('js', 'let a\n\nlet b'),
        { type: 'horizontalRule' },
        table(row(th(text('Nom')), th(text('Rôle'))), row(td(text('Léa')), td(text('animatrice'))), row(td(text('Yann')))),
      ),
    ).toBe(
      [
        'Un\n===',
        'Deux\n----',
        'Trois\n~~~~~',
        '- a\n  9. neuf\n  10. dix\n      suite',
        '[x] fait\n[ ] à faire',
        '> cité\n>\n> encore',
        '    let a\n\n    let b',
        '* * *',
        '| Nom  | Rôle       |\n|------|------------|\n| Léa  | animatrice |\n| Yann |            |',
      ].join('\n\n'),
    )
  })

  it('writes link targets after their text, and drops targets it does not trust', () => {
    expect(bodyText(paragraph(text('le wiki', link('https://wiki-brest.net')), text(' et '), text('https://exemple.org', link('https://exemple.org')), text(' '), text('x', link('javascript:alert(1)')), text(' '), text('a@b.fr', link('mailto:a@b.fr'))))).toBe(
      'le wiki (https://wiki-brest.net) et https://exemple.org x a@b.fr',
    )
    expect(bodyText(paragraph(text('gras', bold)))).toBe('gras')
  })
})

describe('bodyToText', () => {
  it('gives the body exactly as inside the whole text, without title, facts or footer', () => {
    for (const input of [fullInput, awkwardInput]) {
      expect(toText(input)).toContain(`\n\n${bodyToText(input.body)}\n\n* * *\n`)
      expect(bodyToText(input.body)).not.toContain('Exporté de Carnet')
    }
    expect(bodyToText(doc())).toBe('')
  })
})
