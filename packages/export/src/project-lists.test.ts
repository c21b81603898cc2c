import { describe, expect, it } from 'vitest'
import MarkdownIt from 'markdown-it'
import type { ActionItem, DecisionItem } from '@carnet/core'
import { actionsToMarkdown, actionsToWikitext, decisionsToMarkdown, decisionsToWikitext } from './project-lists.js'

const options = { title: 'Décisions — Jardin partagé', baseUrl: 'https://carnet.example/', language: 'fr' as const }

const decisions: DecisionItem[] = [
  { pageId: 'jardin-3', pageTitle: 'Jardin — mars', day: '2026-03-14', text: 'Fête du jardin le 21 juin.', position: 0 },
  { pageId: 'jardin-1', pageTitle: 'Jardin — janvier', day: '2026-01-01', text: '*Pas* de [[lien]] ni <b>balise</b>', position: 0 },
  { pageId: 'jardin-1', pageTitle: 'Jardin — janvier', day: '2026-01-01', text: 'Réunion chaque mois.', position: 1 },
]

const actions: ActionItem[] = [
  { pageId: 'jardin-3', pageTitle: 'Jardin — mars', day: '2026-03-14', text: '@Chloé écrit au bailleur avant le 1er mars', who: 'Chloé', what: 'écrit au bailleur', when: '1er mars', due: '2026-03-01', done: false, position: 0 },
  { pageId: 'jardin-1', pageTitle: 'Jardin | janvier', day: '2026-01-10', text: 'Qui : Bruno — Quoi : réparer la cabane', who: 'Bruno', what: 'réparer la cabane', when: '', due: '', done: true, position: 1 },
]

describe('a project’s decisions, exported', () => {
  it('as Markdown, grouped by meeting, each linked to its page, text kept as text', () => {
    const markdown = decisionsToMarkdown(decisions, options)
    expect(markdown).toBe(
      [
        '# Décisions — Jardin partagé',
        '',
        '## 14 mars 2026 — [Jardin — mars](https://carnet.example/p/jardin-3)',
        '',
        '- Fête du jardin le 21 juin.',
        '',
        '## 1er janvier 2026 — [Jardin — janvier](https://carnet.example/p/jardin-1)',
        '',
        '- \\*Pas\\* de \\[\\[lien\\]\\] ni \\<b>balise\\</b>',
        '- Réunion chaque mois.',
        '',
      ].join('\n'),
    )
    const html = new MarkdownIt().render(markdown)
    expect(html).toContain('<li>*Pas* de [[lien]] ni &lt;b&gt;balise&lt;/b&gt;</li>')
  })

  it('as wikitext, with the same groups and nothing read as markup', () => {
    const wiki = decisionsToWikitext(decisions, options)
    expect(wiki).toContain('=== 14 mars 2026 — [https://carnet.example/p/jardin-3 Jardin — mars] ===\n* Fête du jardin le 21 juin.')
    expect(wiki).toContain('* <nowiki>*</nowiki>Pas* de <nowiki>[[lien]]</nowiki> ni &lt;b>balise&lt;/b>')
    expect(decisionsToWikitext([], { ...options, language: 'en' })).toContain('No entry.')
  })
})

describe('a project’s actions, exported', () => {
  it('as a Markdown task list, open ones first, with the meeting of each', () => {
    const markdown = actionsToMarkdown(actions, { ...options, title: 'Actions' })
    expect(markdown).toContain('## À faire\n\n- [ ] @Chloé écrit au bailleur avant le 1er mars ([Jardin — mars](https://carnet.example/p/jardin-3), 14 mars 2026)')
    expect(markdown).toContain('## Fait\n\n- [x] Qui : Bruno — Quoi : réparer la cabane ([Jardin \\| janvier](https://carnet.example/p/jardin-1), 10 janvier 2026)')
  })

  it('as a wiki table of who, what and by when, a | in a title kept in its cell', () => {
    const wiki = actionsToWikitext(actions, { ...options, title: 'Actions', language: 'en' })
    expect(wiki).toContain('{| class="wikitable sortable"\n! State !! Who !! What !! By when !! Meeting')
    expect(wiki).toContain('| To do || Chloé || écrit au bailleur || 1er mars || [https://carnet.example/p/jardin-3 Jardin — mars] (14 March 2026)')
    expect(wiki).toContain('| Done || Bruno || réparer la cabane ||  || [https://carnet.example/p/jardin-1 Jardin <nowiki>|</nowiki> janvier] (10 January 2026)')
    expect(wiki.trimEnd().endsWith('|}')).toBe(true)
  })
})
