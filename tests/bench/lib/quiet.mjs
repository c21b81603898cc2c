// This machine may be shared: before each measured run, wait (a bounded time) until the other
// processes leave the CPUs mostly idle, and record how busy they were, so that a figure taken on a
// busy machine is known as such.
import { readFileSync } from 'node:fs'
import { sleep } from './wait.mjs'

/** @returns {{ busy: number, total: number }} cumulative CPU ticks of the whole machine */
export function cpuTicks() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]
  const values = line.trim().split(/\s+/).slice(1).map(Number)
  // user nice system idle iowait irq softirq steal …: idle and iowait are not busy.
  const total = values.reduce((sum, v) => sum + v, 0)
  return { busy: total - values[3] - (values[4] ?? 0), total }
}

/**
 * Share of the machine's CPU time that was busy over `ms`, in percent.
 * @param {number} ms
 */
export async function busyPct(ms) {
  const a = cpuTicks()
  await sleep(ms)
  const b = cpuTicks()
  return b.total > a.total ? ((b.busy - a.busy) / (b.total - a.total)) * 100 : 0
}

/**
 * Waits until the machine is at most `thresholdPct` busy (sampled over `sampleMs`), for at most
 * `maxWaitMs`. Call it when none of the suite's processes is working.
 * @param {{ thresholdPct?: number, sampleMs?: number, maxWaitMs: number }} options
 * @returns {Promise<{ busyPct: number, waitedMs: number }>}
 */
export async function waitQuiet({ thresholdPct = 20, sampleMs = 1000, maxWaitMs }) {
  const started = performance.now()
  for (;;) {
    const busy = await busyPct(sampleMs)
    const waited = performance.now() - started
    if (busy <= thresholdPct || waited >= maxWaitMs) return { busyPct: busy, waitedMs: waited }
  }
}

/**
 * @param {number} pid
 * @returns {number} CPU ticks (user + system) the process used so far, NaN when it is gone
 */
function processTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return NaN
  }
}

/**
 * Measures, while a run goes on, how much of the machine's CPU went to processes that are not
 * ours (`pids()`: the server, the load generator, this process): a figure taken while others
 * were busy is less trustworthy, and the report says so.
 * @param {() => (number | undefined)[]} pids
 * @param {number} [intervalMs]
 */
export function othersMeter(pids, intervalMs = 100) {
  /** @type {Map<number, { first: number, last: number }>} */
  const seen = new Map()
  const sample = () => {
    for (const pid of [process.pid, ...pids()]) {
      if (pid === undefined) continue
      const ticks = processTicks(pid)
      if (Number.isNaN(ticks)) continue
      const entry = seen.get(pid)
      if (entry) entry.last = ticks
      else seen.set(pid, { first: ticks, last: ticks })
    }
  }
  const start = cpuTicks()
  sample()
  const timer = setInterval(sample, intervalMs)
  return {
    /** @returns {number} % of all the machine's CPU time used by other processes during the run */
    stop() {
      clearInterval(timer)
      sample()
      const end = cpuTicks()
      let ours = 0
      for (const { first, last } of seen.values()) ours += last - first
      const total = end.total - start.total
      return total > 0 ? Math.max(0, ((end.busy - start.busy - ours) / total) * 100) : 0
    },
  }
}
