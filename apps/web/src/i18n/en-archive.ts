// English texts of the archive and history pages.
import type { frArchive } from './fr-archive.js'

export const enArchive: Record<keyof typeof frArchive, string> = {
  'archive.title': 'Archive',
}
