// Who announced each presence (awareness client id) on a page, remembered for a while after they
// left: a facilitator whose Wi-Fi drops for a minute comes back to their own presence, and a
// reader cannot take it over meanwhile. Kept by the relay, not by a page's room, so that the page
// being unloaded while everyone is away forgets nothing. Bounded in time and in count.

/** Long enough for a laptop to wake up or a phone to find the network again. */
export const PRESENCE_MEMORY_MS = 10 * 60_000
/** Far beyond the presences of every page of a busy server in ten minutes. */
export const MAX_REMEMBERED_PRESENCES = 100_000

interface Remembered {
  owner: string
  until: number
}

export class RecentPresences {
  /** Keyed by page and client id, oldest first (a Map keeps insertion order). */
  private readonly entries = new Map<string, Remembered>()

  constructor(
    private readonly memoryMs = PRESENCE_MEMORY_MS,
    private readonly maxEntries = MAX_REMEMBERED_PRESENCES,
  ) {}

  get size(): number {
    return this.entries.size
  }

  /** `owner` held `clientId` on `pageId` until now. */
  remember(pageId: string, clientId: number, owner: string, now = Date.now()): void {
    const key = `${pageId} ${clientId}`
    this.entries.delete(key)
    this.entries.set(key, { owner, until: now + this.memoryMs })
    this.forgetOld(now)
  }

  /** Who held `clientId` on `pageId` recently, if anyone. */
  ownerOf(pageId: string, clientId: number, now = Date.now()): string | undefined {
    const key = `${pageId} ${clientId}`
    const entry = this.entries.get(key)
    if (!entry) return undefined
    if (entry.until <= now) {
      this.entries.delete(key)
      return undefined
    }
    return entry.owner
  }

  private forgetOld(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.until > now && this.entries.size <= this.maxEntries) break
      this.entries.delete(key)
    }
  }
}
