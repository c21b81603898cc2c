// Why a typed code opened nothing, in the words of the person at the keyboard.
import { t } from '../../i18n/i18n.svelte.js'

export function joinFailureText(answer: { status: number | 'offline'; message: string }): string {
  switch (answer.status) {
    case 404:
      return t('join.unknown')
    case 429:
      return t('join.tooMany')
    case 'offline':
      return t('join.offline')
    default:
      return t('join.error', { message: answer.message })
  }
}
