// The machine a run was measured on: figures are only comparable on the same one.
import { execFileSync } from 'node:child_process'
import { cpus, release, totalmem } from 'node:os'
import { pinningProblem } from './processes.mjs'

/** @param {string} repoRoot */
export function machineInfo(repoRoot) {
  const cores = cpus()
  let commit = null
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim()
  } catch {
    commit = null
  }
  return {
    cpus: cores.length,
    cpu_model: cores[0]?.model ?? 'unknown',
    mem_mb: Math.round(totalmem() / 1024 / 1024),
    node: process.version,
    os: `${process.platform} ${release()}`,
    pinning: pinningProblem() ?? 'servers on core 0, load generators on core 1 (taskset)',
    commit,
  }
}
