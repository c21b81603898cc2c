// The agenda timer, in the page's Y.Doc so that every screen agrees and a reload loses nothing:
// `Map('agenda')` holds
//   `items`: [{ title, minutes }] — the agenda's points and the time given to each;
//   `timer`: { current, startedAt, pausedAt } or absent — the point under way (its index;
//            `items.length` once the last is over), when it started and when it was paused
//            (`pausedAt`: null while it runs), in milliseconds on the reference clock.
// The timer is one value, written whole, so two screens moving it at once end on one state, never
// a mix of the two (Yjs keeps one of two concurrent writes of a key). Moving on writes the index
// to go to, not "one more": the facilitator's laptop and phone pressing "next" together move once.
//
// The reference clock is the server's, as each browser estimates it (apps/web, agenda/
// reference-clock): a start time written by the facilitator's laptop means the same moment on the
// projector's computer, whose own clock may be minutes off. Remaining time is computed on each
// screen from that start time, never counted down by one machine and sent around.
import type * as Y from 'yjs'

export const AGENDA_MAP = 'agenda'
export const AGENDA_MAX_ITEMS = 40
export const AGENDA_TITLE_MAX_LENGTH = 200
export const AGENDA_MAX_MINUTES = 480
export const AGENDA_DEFAULT_MINUTES = 10

export interface AgendaItem {
  title: string
  minutes: number
}

export interface AgendaTimer {
  /** Index of the point under way; `items.length` once the last one is over. */
  current: number
  /** When the current point started (reference clock, ms), moved forward by the pauses since. */
  startedAt: number
  /** When the timer was paused (reference clock, ms), or null while it runs. */
  pausedAt: number | null
}

export interface Agenda {
  items: AgendaItem[]
  timer: AgendaTimer | null
}

export function agendaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(AGENDA_MAP)
}

export function cleanMinutes(value: unknown): number {
  const minutes = typeof value === 'number' ? value : Number(value)
  if (!Number.isFinite(minutes)) return AGENDA_DEFAULT_MINUTES
  return Math.min(AGENDA_MAX_MINUTES, Math.max(1, Math.round(minutes)))
}

export function cleanAgendaItems(raw: unknown): AgendaItem[] {
  if (!Array.isArray(raw)) return []
  return raw
    .flatMap((entry): AgendaItem[] => {
      const item = entry as Partial<AgendaItem> | null
      if (typeof item?.title !== 'string') return []
      const title = item.title.replace(/\s+/g, ' ').trim().slice(0, AGENDA_TITLE_MAX_LENGTH)
      return title ? [{ title, minutes: cleanMinutes(item.minutes) }] : []
    })
    .slice(0, AGENDA_MAX_ITEMS)
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value)

/** Reads the agenda defensively: any client may have written anything into the map. */
export function readAgenda(doc: Y.Doc): Agenda {
  const map = agendaMap(doc)
  const items = cleanAgendaItems(map.get('items'))
  const raw = map.get('timer') as Partial<AgendaTimer> | null | undefined
  let timer: AgendaTimer | null = null
  if (raw && finite(raw.current) && finite(raw.startedAt) && items.length > 0) {
    timer = {
      current: Math.min(Math.max(0, Math.trunc(raw.current)), items.length),
      startedAt: raw.startedAt,
      pausedAt: finite(raw.pausedAt) ? raw.pausedAt : null,
    }
  }
  return { items, timer }
}

export function writeAgendaItems(doc: Y.Doc, items: readonly AgendaItem[], origin?: unknown): void {
  const clean = cleanAgendaItems(items)
  doc.transact(() => agendaMap(doc).set('items', clean), origin)
}

function writeTimer(doc: Y.Doc, timer: AgendaTimer | null, origin?: unknown): void {
  doc.transact(() => {
    if (timer) agendaMap(doc).set('timer', { ...timer })
    else agendaMap(doc).delete('timer')
  }, origin)
}

/** Starts (or restarts) the timer at point `index`, now. */
export function startAgenda(doc: Y.Doc, now: number, index = 0, origin?: unknown): void {
  const { items } = readAgenda(doc)
  if (items.length === 0) return
  writeTimer(doc, { current: Math.min(Math.max(0, index), items.length), startedAt: now, pausedAt: null }, origin)
}

/**
 * Goes to point `index` (`items.length`: the agenda is over). A paused timer stays paused, with
 * the new point's time untouched.
 */
export function goToAgendaItem(doc: Y.Doc, index: number, now: number, origin?: unknown): void {
  const { items, timer } = readAgenda(doc)
  if (items.length === 0) return
  const current = Math.min(Math.max(0, index), items.length)
  const paused = timer?.pausedAt ?? null
  writeTimer(doc, { current, startedAt: paused ?? now, pausedAt: paused }, origin)
}

export function pauseAgenda(doc: Y.Doc, now: number, origin?: unknown): void {
  const { timer } = readAgenda(doc)
  if (!timer || timer.pausedAt !== null) return
  writeTimer(doc, { ...timer, pausedAt: now }, origin)
}

/** Resumes: the start moves forward by the pause, so the time left is what it was. */
export function resumeAgenda(doc: Y.Doc, now: number, origin?: unknown): void {
  const { timer } = readAgenda(doc)
  if (!timer || timer.pausedAt === null) return
  writeTimer(doc, { current: timer.current, startedAt: timer.startedAt + Math.max(0, now - timer.pausedAt), pausedAt: null }, origin)
}

export function stopAgenda(doc: Y.Doc, origin?: unknown): void {
  writeTimer(doc, null, origin)
}

/** Where the agenda stands at `now` (reference clock). */
export interface AgendaMoment {
  index: number
  count: number
  /** The point under way; null once the agenda is over. */
  item: AgendaItem | null
  elapsedMs: number
  /** Time left on the point; negative once it has run over. */
  remainingMs: number
  paused: boolean
  finished: boolean
}

/** null when no timer runs. */
export function agendaMoment(agenda: Agenda, now: number): AgendaMoment | null {
  const { items, timer } = agenda
  if (!timer || items.length === 0) return null
  const item = items[timer.current] ?? null
  const elapsedMs = Math.max(0, (timer.pausedAt ?? now) - timer.startedAt)
  return {
    index: timer.current,
    count: items.length,
    item,
    elapsedMs,
    remainingMs: item ? item.minutes * 60_000 - elapsedMs : 0,
    paused: timer.pausedAt !== null,
    finished: item === null,
  }
}
