import { describe, expect, it } from 'vitest'
import type { PmNode } from '../page-schema.js'
import { findTemplate } from '../templates/index.js'
import { pageActions, pageDecisions, pageItems } from './page-items.js'

const text = (value: string): PmNode => ({ type: 'text', text: value })
const p = (value = ''): PmNode => (value ? { type: 'paragraph', content: [text(value)] } : { type: 'paragraph' })
const h = (value: string, level = 2): PmNode => ({ type: 'heading', attrs: { level }, content: [text(value)] })
const bullets = (...items: Array<string | PmNode[]>): PmNode => ({
  type: 'bulletList',
  content: items.map((item) => ({ type: 'listItem', content: typeof item === 'string' ? [p(item)] : item })),
})
const task = (value: string, checked = false, nested: PmNode[] = []): PmNode => ({ type: 'taskItem', attrs: { checked }, content: [p(value), ...nested] })
const tasks = (...items: PmNode[]): PmNode => ({ type: 'taskList', content: items })
const doc = (...content: PmNode[]): PmNode => ({ type: 'doc', content })

describe('decisions of a page', () => {
  it('are the items under a "Décisions" heading, up to the next heading of its level', () => {
    const body = doc(
      h('Notes'),
      bullets('On a parlé du local.'),
      h('Décisions'),
      bullets('Le local ouvre le samedi.', [p('Budget : 300 €'), bullets('dont 100 € d’affiches')], ''),
      p('Vote à main levée.'),
      h('Détail', 3),
      bullets('Clés chez Anne.'),
      h('Actions'),
      bullets('Pas une décision.'),
    )
    expect(pageDecisions(body)).toEqual([
      { text: 'Le local ouvre le samedi.', position: 0 },
      { text: 'Budget : 300 € dont 100 € d’affiches', position: 1 },
      { text: 'Vote à main levée.', position: 2 },
      { text: 'Clés chez Anne.', position: 3 },
    ])
  })

  it('are also the blocks marked "Décision :" anywhere, in page order, without their mark', () => {
    const body = doc(
      p('Décision : on garde le jeudi.'),
      h('Relevé de décisions'),
      bullets('Décision : une fête en juin.'),
      h('Notes'),
      bullets('décisions: pas de cotisation', 'Une remarque.'),
      h('Decision: English too', 3),
      tasks(task('Décision : le site change d’adresse')),
    )
    expect(pageDecisions(body).map((d) => d.text)).toEqual(['on garde le jeudi.', 'une fête en juin.', 'pas de cotisation', 'English too', 'le site change d’adresse'])
  })

  it('are none in a template nobody wrote in', () => {
    for (const language of ['fr', 'en'] as const) {
      expect(pageItems(findTemplate('reunion')!.body[language])).toEqual({ decisions: [], actions: [] })
      expect(pageItems(findTemplate('atelier')!.body[language])).toEqual({ decisions: [], actions: [] })
    }
  })
})

describe('actions of a page', () => {
  it('are every task item, nested ones apart, with who and when, and their place among task items', () => {
    const body = doc(
      h('Actions'),
      tasks(
        task('Qui : … — Quoi : … — Pour quand : …'),
        task('Qui : Anne — Quoi : appeler la mairie — Pour quand : 15 mars', false, [tasks(task('@Bruno trouve le numéro', true))]),
        task('Ranger le local', true),
      ),
      p('Et aussi :'),
      tasks(task('Imprimer les affiches avant le 20/03')),
    )
    expect(pageActions(body, '2026-03-02')).toEqual([
      { text: 'Qui : Anne — Quoi : appeler la mairie — Pour quand : 15 mars', done: false, position: 1, who: 'Anne', what: 'appeler la mairie', when: '15 mars', due: '2026-03-15' },
      { text: '@Bruno trouve le numéro', done: true, position: 2, who: 'Bruno', what: 'trouve le numéro', when: '', due: '' },
      { text: 'Ranger le local', done: true, position: 3, who: '', what: 'Ranger le local', when: '', due: '' },
      { text: 'Imprimer les affiches avant le 20/03', done: false, position: 4, who: '', what: 'Imprimer les affiches', when: '20/03', due: '2026-03-20' },
    ])
  })
})
