// The keys the archive files and finds pages by: the words a person typed, the FTS5 query SQLite
// makes of them, the key a tag is compared by, and the day a page is filed under. PostgreSQL's
// query is built from the same words, in SQL (postgres-schema.ts, `carnet_search_query`).
//
// Search words become an FTS5 query that can only ever mean "pages with words starting like
// these". FTS5 has its own syntax (AND, OR, NOT, NEAR, column filters, `"`, `*`, `^`,
// parentheses): a search for `"` or `AND(` must neither fail nor change meaning, so every term
// becomes a quoted string, its quotes doubled, followed by `*` for prefix matching ("decision"
// finds "décisions": the index ignores accents, the `*` takes the plural). Accents and case are
// the tokenizer's business (`unicode61 remove_diacritics 2`). Tags are compared by a key that
// ignores case and accents too.

/** At most this many terms are searched for: a pasted paragraph must not become a huge query. */
export const MAX_SEARCH_TERMS = 12

// A term with no letter or digit gives the tokenizer no token: it could only match nothing.
const HAS_WORD = /[\p{L}\p{N}]/u

/** The typed words that hold a letter or digit, at most `MAX_SEARCH_TERMS` of them. */
export function searchTerms(typed: string): string[] {
  return typed
    .normalize('NFC')
    .split(/\s+/)
    .filter((term) => HAS_WORD.test(term))
    .slice(0, MAX_SEARCH_TERMS)
}

/** The FTS5 MATCH expression for the typed words, or `null` when they hold no word at all. */
export function ftsMatchQuery(typed: string): string | null {
  const terms = searchTerms(typed)
  if (terms.length === 0) return null
  return terms.map((term) => `"${term.replaceAll('"', '""')}"*`).join(' ')
}

/** A tag as compared by the filter: case and accents ignored, spaces folded. */
export function tagKey(tag: string): string {
  return tag
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLocaleLowerCase('fr')
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/

/**
 * The day a page is filed under for date filters: its meeting date, else the day (UTC) its
 * browser created it, else '' (the archive then uses the day it first stored the page).
 */
export function filingDay(meta: { date?: unknown; createdAt?: unknown }): string {
  if (typeof meta.date === 'string' && ISO_DAY.test(meta.date)) return meta.date
  const createdAt = meta.createdAt
  if (typeof createdAt === 'number' && Number.isFinite(createdAt) && createdAt > 0) {
    const day = new Date(createdAt)
    if (!Number.isNaN(day.getTime())) return day.toISOString().slice(0, 10)
  }
  return ''
}
