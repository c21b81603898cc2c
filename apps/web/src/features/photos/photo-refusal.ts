// Why the relay refused a photo, in the writer's words: its refusal's HTTP status, read.
import { t, type MessageKey } from '../../i18n/i18n.svelte.js'

const REASONS: Readonly<Record<string, MessageKey>> = {
  '400': 'photo.refused.400',
  '413': 'photo.refused.413',
  '413.too-large': 'photo.refused.413.too-large',
  '413.page-full': 'photo.refused.413.page-full',
  '413.server-full': 'photo.refused.413.server-full',
  '415': 'photo.refused.415',
  '422': 'photo.refused.422',
}

export function photoRefusal(status: string | undefined): string {
  return t('photo.refused', { reason: t(REASONS[status ?? ''] ?? 'photo.refused.other') })
}
