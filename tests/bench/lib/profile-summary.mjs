// Where a profiled server spends its time: reads a V8 .cpuprofile (written by `--cpu-prof`, see
// `pnpm bench --profile`) and lists the functions with the most self time, and the packages.
// Usage: node tests/bench/lib/profile-summary.mjs <file.cpuprofile> [top]
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * @typedef {{ id: number, callFrame: { functionName: string, url: string, lineNumber: number }, children?: number[] }} ProfileNode
 * @typedef {{ nodes: ProfileNode[], samples: number[], timeDeltas: number[], startTime: number, endTime: number }} Profile
 */

/**
 * Self time per function and per package (node_modules/<name>, or the file), in ms.
 * @param {Profile} profile
 * @param {number} [top]
 */
export function summarizeProfile(profile, top = 25) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  /** @type {Map<string, number>} */
  const functions = new Map()
  /** @type {Map<string, number>} */
  const packages = new Map()
  let total = 0
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    const node = byId.get(id)
    if (!node) return
    total += ms
    const { functionName, url, lineNumber } = node.callFrame
    const file = url.replace(/^file:\/\//, '')
    const where = file ? `${file.split('/').slice(-2).join('/')}:${lineNumber + 1}` : ''
    const fn = `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`
    functions.set(fn, (functions.get(fn) ?? 0) + ms)
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? (file ? file.split('/').slice(-1)[0] : functionName || '(native)')
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms)
  })
  const rank = (/** @type {Map<string, number>} */ map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), pct: Math.round((ms / total) * 1000) / 10 }))
  return { total_ms: Math.round(total), functions: rank(functions), packages: rank(packages) }
}

/** @param {ReturnType<typeof summarizeProfile>} summary */
export function formatSummary(summary) {
  const lines = [`total sampled: ${summary.total_ms} ms`, '', 'self time by package/file:']
  for (const p of summary.packages.slice(0, 12)) lines.push(`  ${String(p.pct).padStart(5)} %  ${p.name}`)
  lines.push('', 'self time by function:')
  for (const f of summary.functions) lines.push(`  ${String(f.pct).padStart(5)} %  ${f.name}`)
  return lines.join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, top] = process.argv.slice(2)
  if (!file) {
    console.error('usage: node tests/bench/lib/profile-summary.mjs <file.cpuprofile> [top]')
    process.exit(2)
  }
  console.log(formatSummary(summarizeProfile(JSON.parse(readFileSync(file, 'utf8')), Number(top) || 25)))
}
