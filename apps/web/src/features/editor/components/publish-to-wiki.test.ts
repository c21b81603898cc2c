import { describe, expect, it } from 'vitest'
import { WIKI_SUMMARY, wikiPreviewFields, wikiSubmitUrl } from './publish-to-wiki.js'

describe('publishing to the wiki', () => {
  it('posts to the wiki\'s edit form for the page named like the Carnet page', () => {
    expect(wikiSubmitUrl('https://www.wiki-brest.net/index.php', 'Conseil de quartier du 14 février')).toBe(
      'https://www.wiki-brest.net/index.php?title=Conseil_de_quartier_du_14_f%C3%A9vrier&action=submit',
    )
  })

  it('asks for a preview, which needs no edit token, with the summary of the licence', () => {
    expect(wikiPreviewFields("== Décisions ==\n* '''oui'''")).toEqual({ wpTextbox1: "== Décisions ==\n* '''oui'''", wpSummary: WIKI_SUMMARY, wpPreview: '1', wpUltimateParam: '1' })
    expect(WIKI_SUMMARY).toBe('Compte rendu écrit avec Carnet, licence CC BY-SA 4.0')
  })
})
