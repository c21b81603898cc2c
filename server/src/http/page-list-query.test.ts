import { describe, expect, it } from 'vitest'
import { parsePageListQuery } from './page-list-query.js'

const parse = (search: string) => parsePageListQuery(new URLSearchParams(search))

describe('parsePageListQuery', () => {
  it('gives the defaults for no parameters, and ignores empty ones', () => {
    expect(parse('')).toEqual({ ok: true, query: { limit: 100, offset: 0 } })
    expect(parse('q=&tag=%20&from=&to=')).toEqual({ ok: true, query: { limit: 100, offset: 0 } })
  })

  it('reads every criterion', () => {
    expect(parse('q=d%C3%A9cisions+budget&tag=Wiki&from=2026-01-01&to=2026-12-31&limit=20&offset=40')).toEqual({
      ok: true,
      query: { text: 'décisions budget', tag: 'Wiki', from: '2026-01-01', to: '2026-12-31', limit: 20, offset: 40 },
    })
    // Query syntax is the store's business to escape, not a reason to refuse.
    expect(parse('q=%22')).toMatchObject({ ok: true, query: { text: '"' } })
    expect(parse('q=AND(')).toMatchObject({ ok: true, query: { text: 'AND(' } })
  })

  it('refuses malformed parameters with a message naming them', () => {
    expect(parse('from=12/03/2026')).toEqual({ ok: false, error: expect.stringMatching(/^from must be a day written YYYY-MM-DD/) })
    expect(parse('to=2026-02-30')).toEqual({ ok: false, error: expect.stringMatching(/^to must be a day/) })
    expect(parse('from=2026-03-02&to=2026-03-01')).toEqual({ ok: false, error: 'from (2026-03-02) is after to (2026-03-01)' })
    expect(parse('limit=0')).toEqual({ ok: false, error: expect.stringMatching(/^limit must be a whole number/) })
    expect(parse('limit=abc')).toMatchObject({ ok: false })
    expect(parse('limit=1001')).toMatchObject({ ok: false })
    expect(parse('limit=2.5')).toMatchObject({ ok: false })
    expect(parse('offset=-1')).toEqual({ ok: false, error: expect.stringMatching(/^offset must be a whole number/) })
    expect(parse(`q=${'a'.repeat(201)}`)).toEqual({ ok: false, error: 'q is too long: at most 200 characters' })
    expect(parse(`tag=${'a'.repeat(61)}`)).toMatchObject({ ok: false, error: expect.stringMatching(/^tag is too long/) })
  })
})
