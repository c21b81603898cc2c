// The agenda timer in words, calm on purpose: whole minutes ("encore 12 min"), "moins d'une
// minute" for the last one, and the time over said plainly rather than flashed.
import type { AgendaMoment } from '@carnet/core/agenda'
import type { MessageKey } from '../../i18n/i18n.svelte.js'

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string

/** A duration in whole minutes, rounded up ("12 min", "1 h 05"). */
export function durationWords(ms: number, t: Translate): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000))
  if (minutes < 60) return t('agenda.minutes', { count: minutes })
  return t('agenda.hours', { hours: Math.floor(minutes / 60), minutes: String(minutes % 60).padStart(2, '0') })
}

/** "encore 12 min", "moins d'une minute", "temps prévu dépassé de 3 min", "Ordre du jour terminé". */
export function timeLeftWords(moment: AgendaMoment, t: Translate): string {
  if (moment.finished) return t('agenda.finished')
  if (moment.remainingMs > 60_000) return t('agenda.left', { duration: durationWords(moment.remainingMs, t) })
  if (moment.remainingMs > 0) return t('agenda.lastMinute')
  return t('agenda.over', { duration: durationWords(-moment.remainingMs, t) })
}

/** How much of the point's time has gone, 0 to 1. */
export function timeGone(moment: AgendaMoment): number {
  if (!moment.item) return 1
  return Math.min(1, moment.elapsedMs / (moment.item.minutes * 60_000))
}
