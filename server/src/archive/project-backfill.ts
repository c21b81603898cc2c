// Pages archived before Carnet kept a project's lists (decisions, actions, links between
// meetings) have no entry in them until someone opens them again. At start, in the background,
// each such page is read from the archive and its entry written, so that older pages — and pages
// moved in by `carnet migrate` or a restore — take part in the lists. A page that cannot be read
// is skipped (it is told in the log) and tried again at the next start.
import type { PageLog, ProjectLists } from './store.js'
import { applyStoredPage } from './stored-page.js'
import { projectEntry } from './page-index-entry.js'

const BATCH = 100

export interface BackfillReport {
  indexed: number
  failed: Array<{ pageId: string; error: unknown }>
}

/** `each` runs each page's work (the background queue: a backfill never holds up keystrokes). */
export async function backfillProjectLists(
  store: Pick<ProjectLists, 'pagesWithoutProjectEntry' | 'saveProjectEntry'> & Pick<PageLog, 'loadPage'>,
  each: (job: () => Promise<void>) => Promise<void> = (job) => job(),
): Promise<BackfillReport> {
  const report: BackfillReport = { indexed: 0, failed: [] }
  let after = ''
  for (;;) {
    const pageIds = await store.pagesWithoutProjectEntry(after, BATCH)
    if (pageIds.length === 0) return report
    for (const pageId of pageIds) {
      after = pageId
      await each(async () => {
        try {
          const stored = await store.loadPage(pageId)
          if (!stored) return
          const doc = applyStoredPage(stored)
          try {
            await store.saveProjectEntry(pageId, projectEntry(doc))
            report.indexed++
          } finally {
            doc.destroy()
          }
        } catch (error) {
          report.failed.push({ pageId, error })
        }
      })
    }
  }
}
