import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { filingDay, ftsMatchQuery, MAX_SEARCH_TERMS, tagKey } from './search-keys.js'

function searchIn(texts: string[]): (typed: string) => number[] {
  const db = new Database(':memory:')
  db.exec("CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')")
  const insert = db.prepare('INSERT INTO t (rowid, body) VALUES (?, ?)')
  texts.forEach((text, index) => insert.run(index + 1, text))
  const match = db.prepare<[string], { rowid: number }>('SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid')
  return (typed) => {
    const query = ftsMatchQuery(typed)
    return query === null ? [] : match.all(query).map((row) => row.rowid)
  }
}

describe('ftsMatchQuery', () => {
  it('quotes every term and matches word starts, whatever the accents and case', () => {
    expect(ftsMatchQuery('decision budget')).toBe('"decision"* "budget"*')
    const search = searchIn(['Les Décisions du conseil', 'Budget participatif', 'décision sur le budget'])
    expect(search('decision')).toEqual([1, 3])
    expect(search('DÉCISIONS')).toEqual([1])
    expect(search('decision budget')).toEqual([3])
    expect(search('cision')).toEqual([])
  })

  it('turns query syntax into plain words, so no input fails or changes meaning', () => {
    const search = searchIn(['and or not near', 'rien à voir', 'l’équipe d\'aujourd\'hui'])
    for (const typed of ['"', '""', 'AND(', 'OR', 'NOT', '*', '^x', 'body:x', 'NEAR(a b)', '(', ')', '-', 'a"b', '\\', "'", '{body}: x', '\u0000']) {
      expect(() => search(typed), typed).not.toThrow()
    }
    expect(search('AND(')).toEqual([1])
    expect(search('near')).toEqual([1])
    expect(search("aujourd'hui")).toEqual([3])
    expect(search('rien NOT voir')).toEqual([])
    expect(ftsMatchQuery('a"b')).toBe('"a""b"*')
  })

  it('gives no query when nothing typed is a word, and bounds the number of terms', () => {
    expect(ftsMatchQuery('')).toBeNull()
    expect(ftsMatchQuery('  " * ( ) - ')).toBeNull()
    const many = Array.from({ length: 50 }, (_, i) => `mot${i}`).join(' ')
    expect(ftsMatchQuery(many)!.split(' ')).toHaveLength(MAX_SEARCH_TERMS)
  })
})

describe('tagKey', () => {
  it('ignores case, accents and extra spaces', () => {
    expect(tagKey('  Éducation  populaire ')).toBe('education populaire')
    expect(tagKey('EDUCATION POPULAIRE')).toBe(tagKey('éducation populaire'))
    expect(tagKey('Vie du quartier')).not.toBe(tagKey('Vie du quartie'))
  })
})

describe('filingDay', () => {
  it('is the meeting date, else the creation day in UTC, else nothing', () => {
    expect(filingDay({ date: '2026-03-12', createdAt: Date.UTC(2025, 0, 1) })).toBe('2026-03-12')
    expect(filingDay({ date: '', createdAt: Date.UTC(2025, 0, 1, 23, 30) })).toBe('2025-01-01')
    expect(filingDay({ date: '12/03/2026', createdAt: 0 })).toBe('')
    expect(filingDay({})).toBe('')
    expect(filingDay({ createdAt: 1e20 })).toBe('')
  })
})
