// Markdown output: headers from key names, numbers right-aligned, ratio rows as "×r (vs)".
import { describe, expect, it } from 'vitest'
import { benchTable, formatValue, headerOf, markdownTable } from './table.mjs'

describe('tables', () => {
  it('turns unit suffixes into headers', () => {
    expect(headerOf('last_p99_ms')).toBe('last p99 (ms)')
    expect(headerOf('accepted_per_s')).toBe('accepted (/s)')
    expect(headerOf('js_gzip_kb')).toBe('js gzip (KB)')
    expect(headerOf('clients')).toBe('clients')
  })

  it('formats values for reading', () => {
    expect(formatValue(1234567)).toBe('1,234,567')
    expect(formatValue(0.012345)).toBe('0.0123')
    expect(formatValue(NaN)).toBe('–')
    expect(formatValue(undefined)).toBe('–')
    expect(formatValue(true)).toBe('yes')
    expect(formatValue('a|b')).toBe('a\\|b')
  })

  it('aligns a table', () => {
    expect(markdownTable(['server', 'p50 (ms)'], [['carnet', '1.5'], ['floor', '10']])).toBe(
      ['| server | p50 (ms) |', '|--------|---------:|', '| carnet |      1.5 |', '| floor  |       10 |'].join('\n'),
    )
  })

  it('renders contender and ratio rows under the same columns', () => {
    const table = benchTable({ params: ['clients'], metrics: ['p99_ms', 'unused_ms'] }, [
      { bench: 'fanout', server: 'carnet', clients: 10, p99_ms: 3 },
      { bench: 'fanout', server: 'carnet÷best', ratio: true, clients: 10, p99_ms_ratio: 0.75, p99_ms_vs: 'y-websocket' },
    ])
    expect(table.split('\n')).toEqual([
      '| server      | clients |            p99 (ms) |',
      '|-------------|--------:|--------------------:|',
      '| carnet      |      10 |                   3 |',
      '| carnet÷best |      10 | ×0.75 (y-websocket) |',
    ])
  })
})
