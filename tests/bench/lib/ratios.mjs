// Ratios, the figures the suite exists for: Carnet divided by the best other contender (what a
// user would pick instead), and by the floor (the machine's limit), for the same figure, measured
// in the same run. Which value is "best" follows from the unit in the key name.

/**
 * @param {string} key a result key, its unit at the end (`p99_ms`, `accepted_per_s`, …)
 * @returns {'lower' | 'higher' | null} which way is better, null for counts and settings
 */
export function betterIs(key) {
  if (/_per_s$/.test(key) || /(returned|reclaimed)_pct$/.test(key)) return 'higher'
  if (/(_ms|_s|_bytes|_kb|_mb)$/.test(key) || key === 'lost_updates') return 'lower'
  return null
}

/**
 * @typedef {Record<string, any> & { bench: string, server: string }} Row
 * @typedef {{ name: string, params: string[], ratioMetrics: string[], floorIgnoresParams?: boolean }} RatioSpec
 */

/**
 * @param {Row} row
 * @param {string[]} params
 */
const groupKey = (row, params) => JSON.stringify(params.map((p) => row[p] ?? null))

/**
 * Ratio rows for one bench: per group of rows with the same parameters, `carnet÷best` (best of the
 * competitors for each metric) and `carnet÷floor` when a floor row exists. Metrics missing or not
 * finite on either side are left out; a ratio of two zeros is 1.
 * @param {Row[]} rows every result row of the run
 * @param {RatioSpec} spec
 * @param {{ subject: string, floor: string, competitors: string[] }} who
 * @returns {Row[]}
 */
export function ratioRows(rows, spec, who) {
  const mine = rows.filter((row) => row.bench === spec.name && !row.skipped && !row.ratio)
  /** @type {Row[]} */
  const out = []
  const groups = new Map()
  for (const row of mine) {
    const key = groupKey(row, spec.params)
    if (!groups.has(key)) groups.set(key, [])
    groups.get(key).push(row)
  }
  const floorRows = mine.filter((row) => row.server === who.floor)
  for (const group of groups.values()) {
    const subject = group.find((/** @type {Row} */ row) => row.server === who.subject)
    if (!subject) continue
    const params = Object.fromEntries(spec.params.map((p) => [p, subject[p]]))
    /** @type {Row} */
    const best = { bench: spec.name, server: `${who.subject}÷best`, ratio: true, ...params }
    const floorRow = spec.floorIgnoresParams ? floorRows[0] : group.find((/** @type {Row} */ row) => row.server === who.floor)
    /** @type {Row} */
    const vsFloor = { bench: spec.name, server: `${who.subject}÷floor`, ratio: true, ...params }
    let anyBest = false
    let anyFloor = false
    for (const metric of spec.ratioMetrics) {
      const mineValue = subject[metric]
      const direction = betterIs(metric)
      if (!isNumber(mineValue) || !direction) continue
      let bestValue = NaN
      let bestName = ''
      for (const row of group) {
        if (!who.competitors.includes(row.server) || !isNumber(row[metric])) continue
        const better = Number.isNaN(bestValue) || (direction === 'lower' ? row[metric] < bestValue : row[metric] > bestValue)
        if (better) {
          bestValue = row[metric]
          bestName = row.server
        }
      }
      if (bestName) {
        best[`${metric}_ratio`] = ratio(mineValue, bestValue)
        best[`${metric}_vs`] = bestName
        anyBest = true
      }
      if (floorRow && isNumber(floorRow[metric])) {
        vsFloor[`${metric}_ratio`] = ratio(mineValue, floorRow[metric])
        anyFloor = true
      }
    }
    if (anyBest) out.push(best)
    if (anyFloor) out.push(vsFloor)
  }
  return out
}

/** @param {unknown} value @returns {value is number} */
const isNumber = (value) => typeof value === 'number' && Number.isFinite(value)

/**
 * @param {number} a
 * @param {number} b
 */
export function ratio(a, b) {
  if (a === 0 && b === 0) return 1
  if (b === 0) return a > 0 ? Infinity : -Infinity
  return a / b
}
