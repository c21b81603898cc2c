import { describe, expect, it } from 'vitest'
import { fullInput, meta } from './__fixtures__/pages.js'
import { frenchDate, isIsoDay, isoDayOf } from './french-date.js'
import { hrefKind, safeHref } from './link-policy.js'
import { exportedFact, headerFacts, pageTitle, sourceFact } from './page-facts.js'

describe('frenchDate', () => {
  it('writes days as French readers do', () => {
    expect(frenchDate('2025-11-27')).toBe('27 novembre 2025')
    expect(frenchDate('2026-01-01')).toBe('1er janvier 2026')
    expect(frenchDate('2025-08-09')).toBe('9 août 2025')
    expect(frenchDate('2025-02-15')).toBe('15 février 2025')
  })

  it('returns anything that is not a day unchanged', () => {
    for (const value of ['', 'demain', '2025-13-01', '2025-00-10', '2025-01-32', '2025-1-1', '27/11/2025']) expect(frenchDate(value)).toBe(value)
    expect(isIsoDay('2025-11-27')).toBe(true)
    expect(isIsoDay('2025-13-01')).toBe(false)
  })

  it('takes the day of an instant in UTC', () => {
    expect(isoDayOf(new Date('2025-11-27T23:30:00-02:00'))).toBe('2025-11-28')
  })
})

describe('safeHref', () => {
  it('keeps http, https and mailto links', () => {
    expect(safeHref('https://wiki-brest.net')).toBe('https://wiki-brest.net')
    expect(safeHref(' HTTP://exemple.org ')).toBe('HTTP://exemple.org')
    expect(safeHref('mailto:atelier@exemple.org')).toBe('mailto:atelier@exemple.org')
  })

  it('keeps anchors and relative paths, which stay on the site the document is read on', () => {
    for (const href of ['#decisions', './2025-02-14.md', '../archives/2024.md', '/relatif', 'notes.md#actions', '?page=2']) expect(safeHref(href), href).toBe(href)
    expect(hrefKind('#decisions')).toBe('fragment')
    expect(hrefKind('./2025-02-14.md')).toBe('relative')
    expect(hrefKind('https://exemple.org')).toBe('web')
  })

  it('refuses everything else', () => {
    for (const href of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'java\tscript:alert(1)', 'https://x\n.org', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd', '//evil.example', '\\\\evil.example', '/\\evil.example', 'ftp://exemple.org', '', null, 42]) {
      expect(safeHref(href), String(href)).toBeNull()
    }
  })
})

describe('page facts', () => {
  it('lists date, place, tags and licence, in French', () => {
    expect(headerFacts(fullInput)).toEqual([
      { label: 'Date', text: '27 novembre 2025', isoDay: '2025-11-27' },
      { label: 'Lieu', text: 'Médiathèque des Capucins' },
      { label: 'Étiquettes', text: 'Atelier, Vie du quartier' },
      { label: 'Licence', text: 'CC BY-SA 4.0', href: 'https://creativecommons.org/licenses/by-sa/4.0/deed.fr' },
    ])
  })

  it('always carries the licence, even when nothing else is set or the id is unknown', () => {
    const bare = { ...fullInput, meta: meta({ date: '', place: ' ', tags: [' '], licence: 'inconnue' as never }) }
    expect(headerFacts(bare)).toEqual([{ label: 'Licence', text: 'CC BY-SA 4.0', href: 'https://creativecommons.org/licenses/by-sa/4.0/deed.fr' }])
    expect(headerFacts({ ...fullInput, meta: meta({ licence: 'CC0-1.0' }) }).at(-1)).toEqual({
      label: 'Licence',
      text: 'CC0 1.0 (domaine public)',
      href: 'https://creativecommons.org/publicdomain/zero/1.0/deed.fr',
    })
  })

  it('gives a title, or "Sans titre"', () => {
    expect(pageTitle({ ...fullInput, meta: meta({ title: '  Réunion \n du  lundi ' }) })).toBe('Réunion du lundi')
    expect(pageTitle({ ...fullInput, meta: meta({ title: ' ' }) })).toBe('Sans titre')
  })

  it('says where and when the export was made', () => {
    expect(sourceFact(fullInput)).toEqual({ label: 'Source', text: 'https://carnet.example.org/p/atelier-wiki-2025', href: 'https://carnet.example.org/p/atelier-wiki-2025' })
    expect(sourceFact({ ...fullInput, url: 'javascript:x' })).toEqual({ label: 'Source', text: 'javascript:x' })
    expect(sourceFact({ ...fullInput, url: undefined })).toBeNull()
    expect(exportedFact(fullInput)).toEqual({ text: 'Exporté de Carnet le 28 novembre 2025', isoDay: '2025-11-28' })
    expect(exportedFact({ ...fullInput, exportedAt: undefined })).toEqual({ text: 'Exporté de Carnet' })
    expect(exportedFact({ ...fullInput, exportedAt: new Date('pas une date') })).toEqual({ text: 'Exporté de Carnet' })
  })
})
