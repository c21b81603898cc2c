// The clock the agenda timer is written and read on: the server's, as this browser estimates it.
// A start time written by the facilitator's laptop must mean the same moment on the projector's
// computer, whose own clock may be minutes off (a shared PC never synchronised, a phone). Every
// HTTP answer carries the server's time in its `Date` header, to the second: the browser asks
// `/healthz` a few times, a third of a second apart, and each answer bounds the offset between
// the server's clock and its own — the server wrote its whole second somewhere between the moment
// the request left and the moment the answer came back. The bounds together narrow the offset to
// well under a second, which a timer shown in minutes needs. Without the server (offline, no room
// relay), the browser's own clock is the reference: screens on the same computer still agree.
const SAMPLES = 3
const SAMPLE_SPACING_MS = 350

let offsetMs = 0
let measuring: Promise<void> | null = null

/** Now, on the reference clock (ms since the epoch). */
export function referenceNow(): number {
  return Date.now() + offsetMs
}

export interface ClockSample {
  /** This browser's clock when the request left, and when the answer arrived (ms). */
  sentAt: number
  receivedAt: number
  /** The server's `Date` header (ms, a whole second). */
  serverSecond: number
}

/**
 * The server's clock minus this browser's, from samples: each says the offset lies between
 * `serverSecond - receivedAt` and `serverSecond + 1000 - sentAt`; the middle of where they all
 * agree. Samples that cannot all be right (a clock changed meanwhile) give the middle of the
 * quickest one's bounds. Null without samples.
 */
export function offsetFromSamples(samples: readonly ClockSample[]): number | null {
  if (samples.length === 0) return null
  const lower = Math.max(...samples.map((s) => s.serverSecond - s.receivedAt))
  const upper = Math.min(...samples.map((s) => s.serverSecond + 1000 - s.sentAt))
  if (lower <= upper) return Math.round((lower + upper) / 2)
  const quickest = [...samples].sort((a, b) => a.receivedAt - a.sentAt - (b.receivedAt - b.sentAt))[0]!
  return Math.round(quickest.serverSecond + 500 - (quickest.sentAt + quickest.receivedAt) / 2)
}

async function sample(): Promise<ClockSample | null> {
  const sentAt = Date.now()
  try {
    const res = await fetch('/healthz', { cache: 'no-store', headers: { Accept: 'application/json' } })
    const receivedAt = Date.now()
    const serverSecond = Date.parse(res.headers.get('Date') ?? '')
    void res.body?.cancel()
    return Number.isFinite(serverSecond) ? { sentAt, receivedAt, serverSecond } : null
  } catch {
    return null
  }
}

/** Estimates the server's clock (once per visit once it answers; again after `force`). */
export function measureReferenceClock(force = false): Promise<void> {
  if (measuring && !force) return measuring
  measuring = (async () => {
    const samples: ClockSample[] = []
    for (let i = 0; i < SAMPLES; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, SAMPLE_SPACING_MS))
      const next = await sample()
      if (next) samples.push(next)
    }
    const offset = offsetFromSamples(samples)
    if (offset !== null) offsetMs = offset
    // Not reached (offline): asked again next time, when the server may answer.
    else measuring = null
  })()
  return measuring
}
