// The run's results: rows (one object per figure, `bench` and `server` always present, units in
// the key names), notes (skips, checks, attributions), then the report — `latest.json` and the
// Markdown tables — with the ratio rows computed last.
import { benchTable } from './table.mjs'
import { ratioRows } from './ratios.mjs'

/**
 * @typedef {import('./ratios.mjs').Row} Row
 * @typedef {{ name: string, title: string, about: string, params: string[], metrics: string[], ratioMetrics: string[], floorIgnoresParams?: boolean, usesContenders?: boolean }} BenchSpec
 */

/** Notes about the whole run (not one bench), shown under the report's header. */
export const GENERAL = 'general'

export class Results {
  constructor() {
    /** @type {Row[]} */
    this.rows = []
    /** @type {{ bench: string, text: string }[]} */
    this.notes = []
  }

  /** @param {Row} row */
  add(row) {
    this.rows.push(row)
  }

  /**
   * @param {string} bench
   * @param {string} server
   * @param {string} reason
   */
  skip(bench, server, reason) {
    this.rows.push({ bench, server, skipped: reason })
    this.note(bench, `${server}: skipped — ${reason}`)
  }

  /**
   * @param {string} bench
   * @param {string} text
   */
  note(bench, text) {
    this.notes.push({ bench, text })
  }
}

/**
 * @param {{ results: Results, specs: BenchSpec[], machine: Record<string, unknown>, mode: string, date: string, durationS: number, order: string[], who: { subject: string, floor: string, competitors: string[] }, attribution: string }} run
 */
export function buildReport(run) {
  const { results, specs, who } = run
  /** @type {Row[]} */
  const all = []
  /** @type {string[]} */
  const markdown = [
    `## Benchmarks — ${run.date} (${run.mode} run, ${Math.round(run.durationS)} s)`,
    '',
    `Machine: ${run.machine.cpus} × ${run.machine.cpu_model}, ${run.machine.mem_mb} MB, Node ${run.machine.node}, ${run.machine.os}; ${run.machine.pinning}. Commit ${run.machine.commit ?? '?'} (server bundle ${run.machine.carnet_bundle_sha256 ?? '?'}).`,
    'Ratios: Carnet ÷ the best other contender for that figure (named), and ÷ the floor. Below 1 is better for times, sizes and losses; above 1 for rates (/s).',
  ]
  for (const note of results.notes.filter((n) => n.bench === GENERAL)) markdown.push('', `- ${note.text}`)
  for (const spec of specs) {
    const rows = results.rows.filter((row) => row.bench === spec.name)
    const notes = results.notes.filter((note) => note.bench === spec.name)
    if (rows.length === 0 && notes.length === 0) continue
    // Contenders in the given order; a variant ("carnet (no compaction)") right after its contender.
    const order = (/** @type {Row} */ row) => {
      const i = run.order.findIndex((name) => row.server === name || row.server.startsWith(`${name} `))
      return (i < 0 ? run.order.length : i) + (run.order.includes(row.server) ? 0 : 0.5)
    }
    const sorted = [...rows].sort((a, b) => {
      // Numeric parameters ascending; others keep the order they were measured in.
      for (const p of spec.params) {
        if (a[p] !== b[p] && typeof a[p] === 'number' && typeof b[p] === 'number') return a[p] - b[p]
      }
      if (spec.params.some((p) => a[p] !== b[p])) return 0
      return order(a) - order(b)
    })
    const ratios = ratioRows(rows, spec, who)
    const withRatios = []
    for (const row of sorted) {
      withRatios.push(row)
      const last = sorted.filter((r) => spec.params.every((p) => r[p] === row[p])).at(-1)
      if (last === row) withRatios.push(...ratios.filter((r) => spec.params.every((p) => r[p] === row[p])))
    }
    all.push(...sorted, ...ratios)
    markdown.push('', `### ${spec.title}`, '', spec.about, '')
    if (rows.length) markdown.push(benchTable(spec, withRatios), '')
    for (const note of notes) markdown.push(`- ${note.text}`)
  }
  markdown.push('', `Trace: ${run.attribution}.`)
  const json = {
    machine: run.machine,
    date: run.date,
    mode: run.mode,
    duration_s: Math.round(run.durationS),
    trace_attribution: run.attribution,
    results: all,
    notes: results.notes,
  }
  return { json, markdown: markdown.join('\n') + '\n' }
}
