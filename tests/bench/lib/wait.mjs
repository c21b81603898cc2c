// Bounded waiting: every wait in the suite has a deadline and a name, so a stuck contender ends
// the bench with a clear message instead of hanging the run.

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {string} what shown in the error
 * @returns {Promise<T>}
 */
export function withTimeout(promise, ms, what) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/**
 * Calls `check` until it returns a truthy value or the deadline passes.
 * @template T
 * @param {() => T | Promise<T>} check
 * @param {{ timeoutMs: number, intervalMs?: number, what: string }} options
 * @returns {Promise<T>}
 */
export async function pollUntil(check, { timeoutMs, intervalMs = 20, what }) {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`)
    await sleep(intervalMs)
  }
}

/**
 * Runs `task` over `items` with at most `limit` in flight (connecting thousands of sockets at once
 * would measure the listen backlog, not the server).
 * @template I, R
 * @param {readonly I[]} items
 * @param {number} limit
 * @param {(item: I, index: number) => Promise<R>} task
 * @returns {Promise<R[]>}
 */
export async function mapLimit(items, limit, task) {
  /** @type {R[]} */
  const results = new Array(items.length)
  let next = 0
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index], index)
    }
  })
  await Promise.all(lanes)
  return results
}
