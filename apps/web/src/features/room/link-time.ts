// When a room relay's link to the city went down, as people say it: "14 h 02" in French ("14:02"
// in English) the same day, with the day before it otherwise ("12 mars, 14 h 02"). Pure: the
// time zone is a parameter, so the words are tested without a browser.

export function linkTime(since: number, now: number, language: 'fr' | 'en', timeZone?: string): string {
  const zone = timeZone ? { timeZone } : {}
  const tag = language === 'fr' ? 'fr-FR' : 'en-GB'
  const parts = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...zone }).formatToParts(since)
  const hour = Number(parts.find((part) => part.type === 'hour')?.value ?? '0')
  const minute = parts.find((part) => part.type === 'minute')?.value ?? '00'
  // French typography writes hours with "h": 14 h 02, 9 h 05.
  const time = language === 'fr' ? `${hour}\u00a0h\u00a0${minute}` : `${String(hour).padStart(2, '0')}:${minute}`
  const day = (ms: number) => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', ...zone }).format(ms)
  if (day(since) === day(now)) return time
  const date = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'long', ...zone }).format(since)
  return `${date}, ${time}`
}
