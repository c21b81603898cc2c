// Waiting on events, never on the clock: `waitFor` re-checks a condition each time one of the given
// emitters fires (and on a slow poll as a safety net), and fails with a clear message on timeout.

type Emitter = { on(event: string, listener: (...args: any[]) => void): unknown; off(event: string, listener: (...args: any[]) => void): unknown }

export interface WaitOptions {
  what: string
  timeoutMs?: number
  /** Emitters and event names that may make the condition true. */
  on?: Array<[Emitter, string]>
}

export function waitFor(condition: () => boolean, options: WaitOptions): Promise<void> {
  if (condition()) return Promise.resolve()
  const timeoutMs = options.timeoutMs ?? 15_000
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!condition()) return
      cleanup()
      resolve()
    }
    const poll = setInterval(check, 50)
    const timer = setTimeout(() => {
      cleanup()
      reject(new Error(`timed out after ${timeoutMs} ms waiting for: ${options.what}`))
    }, timeoutMs)
    const cleanup = () => {
      clearInterval(poll)
      clearTimeout(timer)
      for (const [emitter, event] of options.on ?? []) emitter.off(event, check)
    }
    for (const [emitter, event] of options.on ?? []) emitter.on(event, check)
  })
}
