// How many imports one client address may make: a bucket of `perMinute` imports that refills
// evenly over a minute. An import parses a whole file and writes a page, so a loop posting files
// would otherwise fill the archive and keep a core busy; a public internet room sharing one
// address still imports a handful of pages in a row.
export class ImportRateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()

  constructor(private readonly perMinute: number) {}

  /** Takes one import for `address`: null when allowed, else the seconds to wait. */
  take(address: string, now: number): number | null {
    const refillPerMs = this.perMinute / 60_000
    const bucket = this.buckets.get(address) ?? { tokens: this.perMinute, at: now }
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * refillPerMs)
    bucket.at = now
    this.buckets.set(address, bucket)
    this.forgetFull(now)
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return null
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000))
  }

  /** Addresses whose bucket has refilled need no entry: the map stays as small as the recent importers. */
  private forgetFull(now: number): void {
    if (this.buckets.size < 1024) return
    for (const [address, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * (this.perMinute / 60_000) >= this.perMinute) this.buckets.delete(address)
    }
  }
}
