// The points an agenda timer starts from: the items of the page's "Ordre du jour" list (or
// "Agenda", "Déroulé", "Programme"), each with the time written in it ("Budget (15 min)",
// "Accueil — 1 h 30") or the default. The facilitator adjusts them before starting.
import type { PmNode } from '../page-schema.js'
import { findSections, isAgendaHeading, isList, ownText } from '../page-tree/sections.js'
import { AGENDA_DEFAULT_MINUTES, AGENDA_MAX_ITEMS, cleanMinutes, type AgendaItem } from './agenda.js'

// "15 min", "15 minutes", "15'", "1 h", "1h30", "1 h 30 min", "2 heures", "90 mn".
const DURATION = /[(\[—–-]?\s*(?:(\d{1,2})\s*(?:h|heures?|hours?)\s*(\d{1,2})?\s*(?:min(?:utes?)?|mn)?|(\d{1,3})\s*(?:min(?:utes?)?|mn|['’]))\s*[)\]]?\s*$/iu

/** A point's title and minutes, from its text ("Budget (15 min)" → "Budget", 15). */
export function agendaItemFromText(text: string): AgendaItem | null {
  const match = DURATION.exec(text)
  let minutes = AGENDA_DEFAULT_MINUTES
  let title = text
  if (match) {
    minutes = match[3] ? Number(match[3]) : Number(match[1]) * 60 + Number(match[2] ?? 0)
    title = text.slice(0, match.index)
  }
  title = title.replace(/[\s:—–-]+$/u, '').replace(/\s+/g, ' ').trim()
  return title ? { title, minutes: cleanMinutes(minutes) } : null
}

export function agendaItemsFromBody(body: PmNode): AgendaItem[] {
  const [section] = findSections(body, isAgendaHeading)
  if (!section) return []
  const list = section.blocks.find(isList)
  if (!list) return []
  return (list.content ?? [])
    .map((item) => agendaItemFromText(ownText(item)))
    .filter((item): item is AgendaItem => item !== null)
    .slice(0, AGENDA_MAX_ITEMS)
}
