// The title a template suggests: "Réunion du 12 mars 2026".
import type { PageTemplate } from '@carnet/core/templates'

export function suggestedTitle(template: PageTemplate | undefined, language: 'fr' | 'en', day: Date): string {
  if (!template) return ''
  const date = new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(day)
  return template.title[language].replace('{date}', date).trim()
}

/** `YYYY-MM-DD` of the local day (a meeting's date is a calendar day, not an instant). */
export function isoDay(day: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`
}
