import { pageBody } from '@carnet/core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { bold, doc, fullBody, hardBreak, heading, link, listItem, bulletList, paragraph, text } from './__fixtures__/pages.js'
import { jsonToFragment } from '@carnet/core/to-ydoc'
import { fragmentText } from '@carnet/core/fragment-text'

function fragmentOf(body = fullBody): Y.XmlFragment {
  const fragment = pageBody(new Y.Doc())
  jsonToFragment(body, fragment)
  return fragment
}

describe('fragmentText', () => {
  it('gives the words of every block, one block per line, without marks or link targets', () => {
    const body = doc(
      heading(2, text('Décisions')),
      paragraph(text('Le local est '), text('ouvert', bold), text(' le '), text('samedi', link('https://exemple.org')), text('.')),
      bulletList(listItem(paragraph(text('Anne : affiche'))), listItem(paragraph(text('Bruno : clés')))),
      paragraph(text('avant'), hardBreak, text('après')),
    )
    expect(fragmentText(fragmentOf(body))).toBe('Décisions\nLe local est ouvert le samedi.\nAnne : affiche\nBruno : clés\navant\naprès')
  })

  it('never fuses the last word of a block with the first of the next', () => {
    const words = fragmentText(fragmentOf(doc(paragraph(text('fin')), paragraph(text('début'))))).split(/\s+/)
    expect(words).toEqual(['fin', 'début'])
  })

  it('reads every node of the schema, and nothing from an empty body', () => {
    expect(fragmentText(fragmentOf())).toContain('Ordre du jour\nDu texte gras, italique')
    expect(fragmentText(pageBody(new Y.Doc()))).toBe('')
  })
})
