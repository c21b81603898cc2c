// French texts of the archive and history pages.
export const frArchive = {
  'archive.title': 'Archive',
} as const
