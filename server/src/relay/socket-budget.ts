// What one socket may ask of the relay: messages, bytes, and costly requests (a whole sync reply,
// everyone's presence), each a token bucket refilled at a steady rate with room for a burst (a
// reconnecting client sends its whole sync at once). Counting bytes as well as messages bounds the
// relay's work per socket, since each byte costs near-linear work. Limits one connection, never
// an address: a whole public internet room shares one address.

export class TokenBucket {
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

  /** Spends `amount` tokens; false (and nothing spent) when the bucket holds fewer. */
  take(now: number, amount = 1): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond)
    this.last = now
    if (this.tokens < amount) return false
    this.tokens -= amount
    return true
  }
}

export interface BudgetLimits {
  messagesPerSecond: number
  messageBurst: number
  bytesPerSecond: number
  bytesBurst: number
}

/** A client asks for a whole sync when it connects; a few more leave room for odd clients. */
export const COSTLY_REQUEST_BURST = 10
/** Then one every five seconds. */
export const COSTLY_REQUESTS_PER_SECOND = 0.2

export type Overspent = 'messages' | 'bytes'

export class SocketBudget {
  private readonly messages: TokenBucket
  private readonly bytes: TokenBucket
  private readonly costly: TokenBucket

  constructor(limits: BudgetLimits, now: number) {
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, now)
    this.bytes = new TokenBucket(limits.bytesPerSecond, limits.bytesBurst, now)
    this.costly = new TokenBucket(COSTLY_REQUESTS_PER_SECOND, COSTLY_REQUEST_BURST, now)
  }

  /** A frame of `size` bytes arrived; says what ran out, if anything did. */
  takeFrame(now: number, size: number): Overspent | null {
    if (!this.messages.take(now)) return 'messages'
    // A frame larger than the whole burst is refused by the frame limit before it gets here.
    if (!this.bytes.take(now, size)) return 'bytes'
    return null
  }

  /** A request whose answer costs work in proportion to the page (a sync, everyone's presence). */
  takeCostlyRequest(now: number): boolean {
    return this.costly.take(now)
  }
}
