// Markdown tables: one per bench, one row per contender then the ratio rows, one column per
// figure, headers derived from the key names (the unit is in the key: `p99_ms` → "p99 (ms)").
import { round3 } from './stats.mjs'

const UNITS = /** @type {const} */ ([
  ['_per_s', '/s'],
  ['_pct', '%'],
  ['_ms', 'ms'],
  ['_s', 's'],
  ['_bytes', 'bytes'],
  ['_kb', 'KB'],
  ['_mb', 'MB'],
])

/**
 * "last_p99_ms" → "last p99 (ms)"
 * @param {string} key
 */
export function headerOf(key) {
  for (const [suffix, unit] of UNITS) {
    if (key.endsWith(suffix)) return `${key.slice(0, -suffix.length).replaceAll('_', ' ')} (${unit})`
  }
  return key.replaceAll('_', ' ')
}

/**
 * @param {unknown} value
 * @returns {string}
 */
export function formatValue(value) {
  if (value === undefined || value === null) return '–'
  if (typeof value === 'boolean') return value ? 'yes' : 'NO'
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '–'
    if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞'
    const rounded = round3(value)
    return Math.abs(rounded) >= 10_000 ? Math.round(rounded).toLocaleString('en-US') : String(rounded)
  }
  return String(value).replaceAll('|', '\\|')
}

/**
 * @param {string[]} header
 * @param {string[][]} rows
 */
export function markdownTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length), 3))
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[-×∞–0-9.,e+ ]*(\(.*\))?$/.test(r[i] ?? '')))
  const line = (/** @type {string[]} */ cells) =>
    `| ${cells.map((c, i) => (numeric[i] ? (c ?? '').padStart(widths[i]) : (c ?? '').padEnd(widths[i]))).join(' | ')} |`
  const rule = `|${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`
  return [line(header), rule, ...rows.map(line)].join('\n')
}

/**
 * The table of one bench: contender rows, then `carnet÷best` / `carnet÷floor` rows where each
 * metric cell is the ratio (with, for ÷best, the contender it was compared with).
 * @param {{ params: string[], metrics: string[] }} spec
 * @param {import('./ratios.mjs').Row[]} rows rows of this bench, contender rows first
 */
export function benchTable(spec, rows) {
  const shown = spec.metrics.filter((metric) => rows.some((row) => row[metric] !== undefined || row[`${metric}_ratio`] !== undefined))
  const header = ['server', ...spec.params.map(headerOf), ...shown.map(headerOf)]
  const body = rows.map((row) => {
    const cells = [row.skipped ? `${row.server} (skipped)` : row.server, ...spec.params.map((p) => formatValue(row[p]))]
    for (const metric of shown) {
      if (row.ratio) {
        const value = row[`${metric}_ratio`]
        const vs = row[`${metric}_vs`]
        cells.push(value === undefined ? '' : `×${formatValue(value)}${vs ? ` (${vs})` : ''}`)
      } else {
        cells.push(row.skipped ? '' : formatValue(row[metric]))
      }
    }
    return cells
  })
  return markdownTable(header, body)
}
