// Asks a relay's /healthz over and over while something else happens (an attack), one request at
// a time, and keeps how long each answer took: a relay whose event loop is stalled answers late.
// The figures are printed and compared with generous bounds: a stall of seconds, not milliseconds.
import http from 'node:http'

export interface HealthProbe {
  /** Stops asking and returns the latencies seen (ms), sorted. */
  stop(): Promise<number[]>
}

export function probeHealth(httpUrl: string, pauseMs = 10): HealthProbe {
  const latencies: number[] = []
  let running = true
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const ask = () =>
    new Promise<void>((resolve) => {
      const started = performance.now()
      http
        .get(`${httpUrl}/healthz`, { agent }, (res) => {
          res.resume()
          res.on('end', () => {
            latencies.push(performance.now() - started)
            resolve()
          })
        })
        .on('error', () => resolve())
    })
  const loop = (async () => {
    while (running) {
      await ask()
      await new Promise((resolve) => setTimeout(resolve, pauseMs))
    }
  })()
  return {
    async stop() {
      running = false
      await loop
      agent.destroy()
      return latencies.sort((a, b) => a - b)
    },
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!
}

/** One line for the test's output: "p50 1.0 ms, p99 3.2 ms, max 8.1 ms over 214 answers". */
export function describeLatencies(sorted: readonly number[]): string {
  const ms = (value: number) => `${value.toFixed(1)} ms`
  return `p50 ${ms(percentile(sorted, 50))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted[sorted.length - 1] ?? Number.NaN)} over ${sorted.length} answers`
}
