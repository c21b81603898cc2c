// Child processes of the suite: servers pinned to core 0, load generators to core 1 (`taskset`),
// all registered so that an error, Ctrl-C or a normal exit kills every one of them.
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'

/** The core servers run on, and the one the load generators (and this process) run on. */
export const SERVER_CORE = 0
export const LOAD_CORE = 1

/** @type {Set<import('node:child_process').ChildProcess>} */
const live = new Set()

const canPin = cpus().length >= 2 && spawnSync('taskset', ['-V']).status === 0

/** @returns {string | null} why the suite cannot pin processes, or null when it can */
export function pinningProblem() {
  if (cpus().length < 2) return `only ${cpus().length} core: servers and load share it`
  if (!canPin) return 'taskset is missing: processes are not pinned'
  return null
}

/**
 * Spawns `command args` pinned to one core (when pinning is possible) and registers it.
 * @param {number} core
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} [options]
 */
export function spawnPinned(core, command, args, options = {}) {
  const child = canPin
    ? spawn('taskset', ['-c', String(core), command, ...args], options)
    : spawn(command, args, options)
  live.add(child)
  child.once('exit', () => live.delete(child))
  return child
}

/**
 * Pins this process (every thread) to a core: the orchestrator and the browsers it launches
 * stay off the servers' core.
 * @param {number} core
 */
export function pinSelf(core) {
  if (canPin) spawnSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' })
}

/**
 * @param {import('node:child_process').ChildProcess} child
 * @returns {Promise<number | null>} resolves on exit (at once if it already exited)
 */
export function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

/** Kills every child still running (SIGKILL: nothing of theirs must outlive the run). */
export function killAll() {
  for (const child of live) {
    try {
      child.kill('SIGKILL')
    } catch {
      // already gone
    }
  }
  live.clear()
}

let installed = false

/** Kill the children whatever way this process ends. */
export function installCleanup() {
  if (installed) return
  installed = true
  process.on('exit', killAll)
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.on(signal, () => {
      process.stderr.write(`\n[bench] ${signal}: stopping every child process\n`)
      killAll()
      process.exit(130)
    })
  }
}

/**
 * Resident set size of a process, in bytes, read from /proc (works for any contender, whatever
 * its language or runtime).
 * @param {number} pid
 * @returns {number} NaN when the process is gone
 */
export function rssBytes(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)
    return match ? Number(match[1]) * 1024 : NaN
  } catch {
    return NaN
  }
}

/**
 * CPU time a process has used (user + system), in milliseconds, from /proc.
 * @param {number} pid
 * @returns {number} NaN when the process is gone
 */
export function cpuTimeMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces, hence the last ")"): utime is the 14th
    // field, stime the 15th, in clock ticks (100 per second on Linux).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
  } catch {
    return NaN
  }
}

/**
 * Waits until a process has been (almost) idle for `idleMs`: a server that writes behind (a queue,
 * a debounce) has then finished writing. Resolves with the time waited, in ms.
 * @param {number} pid
 * @param {{ idleMs?: number, maxMs?: number }} [options]
 */
export async function waitIdle(pid, { idleMs = 1000, maxMs = 300_000 } = {}) {
  const started = performance.now()
  /** @type {{ at: number, cpu: number }[]} */
  const samples = []
  for (;;) {
    const at = performance.now()
    const cpu = cpuTimeMs(pid)
    if (Number.isNaN(cpu)) return at - started
    samples.push({ at, cpu })
    while (samples.length > 1 && at - samples[1].at >= idleMs) samples.shift()
    const first = samples[0]
    // Under 3 % of one core over the window (timers and pings are allowed).
    if (at - first.at >= idleMs && cpu - first.cpu <= 0.03 * (at - first.at)) return at - started - idleMs
    if (at - started > maxMs) return at - started
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
