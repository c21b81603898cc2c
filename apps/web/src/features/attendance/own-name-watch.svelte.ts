// Whether this person's name is in the page's "Participants" list, and whether someone else just
// put it there while they were on the page (the facilitator noting who came): then they are told,
// and may take it out. Read a moment after changes, not on every keystroke. What the page held
// when it arrived (from this computer, then from the relay) is the starting point: a name listed
// at an earlier meeting is not news.
import type * as Y from 'yjs'
import { listedParticipants } from '@carnet/core/participants-list'
import { pageBody } from '@carnet/core/page-doc'

const SETTLE_MS = 400

export class OwnNameWatch {
  /** The name is in "Participants". */
  listed = $state(false)
  /** Someone else added it while this person was here. */
  justAdded = $state(false)
  private timer: ReturnType<typeof setTimeout> | null = null
  private fromOthers = false
  private settled = false

  constructor(
    private readonly doc: Y.Doc,
    private readonly name: () => string | null,
    /** Whether a change came from this tab (the writer's own). */
    private readonly isOwnChange: (origin: unknown) => boolean,
  ) {
    doc.on('update', this.onUpdate)
  }

  /** The page has arrived (local copy, then relay): what it holds now is the starting point. */
  settle(): void {
    this.listed = this.isListed()
    this.settled = true
  }

  private readonly onUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (!this.isOwnChange(origin)) this.fromOthers = true
    if (this.timer !== null) return
    this.timer = setTimeout(() => {
      this.timer = null
      const listed = this.isListed()
      if (listed && !this.listed && this.fromOthers && this.settled) this.justAdded = true
      if (!listed) this.justAdded = false
      this.listed = listed
      this.fromOthers = false
    }, SETTLE_MS)
  }

  private isListed(): boolean {
    const name = this.name()?.trim().toLocaleLowerCase('fr')
    return Boolean(name) && listedParticipants(pageBody(this.doc)).some((listed) => listed.toLocaleLowerCase('fr') === name)
  }

  /** The name changed (the person renamed themselves). */
  recheck(): void {
    this.listed = this.isListed()
  }

  destroy(): void {
    this.doc.off('update', this.onUpdate)
    if (this.timer !== null) clearTimeout(this.timer)
  }
}
