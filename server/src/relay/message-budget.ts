// How many messages a socket may send: a token bucket refilled at a steady rate, with room for a
// burst (a reconnecting client sends its whole sync at once). Limits one connection, never an
// address: a whole public internet room shares one address.
export class MessageBudget {
  private tokens: number
  private last: number

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst
    this.last = now
  }

  /** Spends one token; false when the socket is over its budget. */
  take(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond)
    this.last = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}
