// Dates as French readers write them ("1er novembre 2025"). Written out by hand rather than with
// Intl so exports read the same whatever locale data the browser or server happens to carry.
const MONTHS = [
  'janvier', 'février', 'mars', 'avril', 'mai', 'juin',
  'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
] as const

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** `2025-11-01` → `1er novembre 2025`; anything that is not a calendar day is returned unchanged. */
export function frenchDate(isoDay: string): string {
  const match = ISO_DAY.exec(isoDay)
  if (!match) return isoDay
  const [, year, month, day] = match
  const monthName = MONTHS[Number(month) - 1]
  const dayNumber = Number(day)
  if (monthName === undefined || dayNumber < 1 || dayNumber > 31) return isoDay
  return `${dayNumber === 1 ? '1er' : String(dayNumber)} ${monthName} ${year}`
}

/** The calendar day of an instant, in UTC so the same export reads the same on every machine. */
export function isoDayOf(date: Date): string {
  return date.toISOString().slice(0, 10)
}

export function isIsoDay(value: string): boolean {
  return ISO_DAY.test(value) && frenchDate(value) !== value
}
