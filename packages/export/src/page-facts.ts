// The page facts every export carries around the body — title, date, place, tags, licence, source —
// worded once, in French, so that all formats say the same thing and the Markdown import can
// recognise (and drop) exactly the lines the Markdown export added.
import { findLicence } from '@carnet/core'
import type { ExportInput } from './export-input.js'
import { frenchDate, isIsoDay, isoDayOf } from './french-date.js'
import { safeHref } from './link-policy.js'

export const UNTITLED = 'Sans titre'

export const FACT_LABELS = {
  date: 'Date',
  place: 'Lieu',
  tags: 'Étiquettes',
  licence: 'Licence',
  source: 'Source',
} as const

/** Between a label and its value, as French typography has it (a space on both sides). */
export const LABEL_SEPARATOR = ' : '
export const EXPORTED_FROM = 'Exporté de Carnet'

/** A fact shown under the title. `href` is set when the value is also a link target. */
export interface PageFact {
  label: string
  text: string
  /** The raw value when it is a machine-readable day (`YYYY-MM-DD`). */
  isoDay?: string
  href?: string
}

export function pageTitle(input: ExportInput): string {
  return input.meta.title.replace(/\s+/g, ' ').trim() || UNTITLED
}

/** Date, place and tags when set, then the licence, which every export carries. */
export function headerFacts(input: ExportInput): PageFact[] {
  const { meta } = input
  const facts: PageFact[] = []
  const date = meta.date.trim()
  if (date) facts.push({ label: FACT_LABELS.date, text: frenchDate(date), ...(isIsoDay(date) ? { isoDay: date } : {}) })
  const place = meta.place.replace(/\s+/g, ' ').trim()
  if (place) facts.push({ label: FACT_LABELS.place, text: place })
  const tags = pageTags(input)
  if (tags.length) facts.push({ label: FACT_LABELS.tags, text: tags.join(', ') })
  const licence = findLicence(meta.licence)
  facts.push({ label: FACT_LABELS.licence, text: licence.label, href: licence.url })
  return facts
}

export function pageTags(input: ExportInput): string[] {
  return input.meta.tags.map((tag) => tag.replace(/\s+/g, ' ').trim()).filter((tag) => tag.length > 0)
}

/** The page address, when given; `href` only when it is a link a reader may follow. */
export function sourceFact(input: ExportInput): PageFact | null {
  const url = input.url?.trim()
  if (!url) return null
  const href = safeHref(url)
  return { label: FACT_LABELS.source, text: url, ...(href ? { href } : {}) }
}

export interface ExportedFact {
  text: string
  isoDay?: string
}

/** "Exporté de Carnet le 27 novembre 2025", or without a date when none was given. */
export function exportedFact(input: ExportInput): ExportedFact {
  const at = input.exportedAt
  if (!at || Number.isNaN(at.getTime())) return { text: EXPORTED_FROM }
  const isoDay = isoDayOf(at)
  return { text: `${EXPORTED_FROM} le ${frenchDate(isoDay)}`, isoDay }
}
