// Waiting on the HTTP API: some things the relay does a moment after an edit (the search index,
// versions of the history) have no event a client could hear, so the test asks again, briefly,
// until the answer is the one wanted, and fails with a clear message after a bounded time.

export interface UntilOptions {
  what: string
  timeoutMs?: number
  intervalMs?: number
}

/** Calls `probe` until it returns something other than `undefined`, and returns that. */
export async function until<T>(probe: () => Promise<T | undefined>, options: UntilOptions): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000)
  let last: unknown
  for (;;) {
    try {
      const value = await probe()
      if (value !== undefined) return value
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for: ${options.what}${last ? ` (last error: ${String(last)})` : ''}`)
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100))
  }
}
