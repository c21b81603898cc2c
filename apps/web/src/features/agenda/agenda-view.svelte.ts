// The agenda timer of an open page as reactive state: `Map('agenda')` read whenever it changes,
// and the time on the reference clock ticking once a second while a timer runs — every screen
// computes the time left itself, from the start time in the page.
import type * as Y from 'yjs'
import { agendaMap, agendaMoment, readAgenda, type Agenda, type AgendaMoment } from '@carnet/core/agenda'
import { measureReferenceClock, referenceNow } from './reference-clock.js'

export class AgendaView {
  agenda = $state<Agenda>({ items: [], timer: null })
  now = $state(referenceNow())
  /** The server's clock has been asked (or could not be): until then a skewed clock could show a wrong time. */
  clockKnown = $state(false)
  /** Where the agenda stands, once the clock is known. */
  readonly moment: AgendaMoment | null = $derived(this.clockKnown ? agendaMoment(this.agenda, this.now) : null)
  private ticker: ReturnType<typeof setInterval> | null = null

  constructor(private readonly doc: Y.Doc) {
    agendaMap(doc).observe(this.onChange)
    this.onChange()
    void measureReferenceClock().then(() => {
      this.now = referenceNow()
      this.clockKnown = true
    })
  }

  private readonly onChange = (): void => {
    this.agenda = readAgenda(this.doc)
    this.now = referenceNow()
    const running = this.agenda.timer !== null
    if (running && this.ticker === null) this.ticker = setInterval(() => (this.now = referenceNow()), 1_000)
    if (!running && this.ticker !== null) {
      clearInterval(this.ticker)
      this.ticker = null
    }
  }

  destroy(): void {
    agendaMap(this.doc).unobserve(this.onChange)
    if (this.ticker !== null) clearInterval(this.ticker)
  }
}
