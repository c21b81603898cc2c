// Summary statistics for latency samples: the warm-up drop, nearest-rank percentiles and the
// summaries every bench reports. Pure functions, unit-tested (stats.test.ts).

/**
 * Drops the first `fraction` of an ordered series (warm-up: JIT, socket buffers, caches).
 * @template T
 * @param {readonly T[]} series in the order the samples were taken
 * @param {number} [fraction]
 * @returns {T[]}
 */
export function dropWarmup(series, fraction = 0.1) {
  return series.slice(Math.floor(series.length * fraction))
}

/**
 * Nearest-rank percentile (no interpolation: every reported figure is a measured sample).
 * @param {ArrayLike<number>} sorted ascending
 * @param {number} p in [0, 100]
 * @returns {number}
 */
export function percentileSorted(sorted, p) {
  if (sorted.length === 0) return NaN
  if (p <= 0) return sorted[0]
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, rank) - 1]
}

/**
 * @param {ArrayLike<number>} values
 * @returns {Float64Array} sorted copy
 */
export function sortedCopy(values) {
  return Float64Array.from(values).sort()
}

/**
 * @param {ArrayLike<number>} values
 * @returns {{ count: number, p50: number, p99: number, max: number, mean: number }}
 */
export function summarize(values) {
  const sorted = sortedCopy(values)
  let sum = 0
  for (const v of sorted) sum += v
  return {
    count: sorted.length,
    p50: percentileSorted(sorted, 50),
    p99: percentileSorted(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    mean: sorted.length ? sum / sorted.length : NaN,
  }
}

/**
 * @param {ArrayLike<number>} values
 * @returns {number}
 */
export function median(values) {
  return percentileSorted(sortedCopy(values), 50)
}

/**
 * Rounds for reports: three significant digits are all a benchmark on a shared machine can claim.
 * @param {number} value
 * @returns {number}
 */
export function round3(value) {
  if (!Number.isFinite(value) || value === 0) return value
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))))
  return Number(value.toFixed(Math.min(digits, 6)))
}
