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
