// Photos no page uses any more go, eventually. A photo stays while its page's stored text (its
// snapshot and log) or any of its history versions still names it — a version can be restored, so
// its photos must still be there — and for a day after it was added (a photo is sent while the
// image that names it may still be on its way). The sweep runs in the background (see server.ts):
// at start, then every six hours.
import type { PageFiles, PageHistory, PageLog } from '../archive/store.js'

/** A photo is kept this long after it was added, used or not. */
export const FILE_GRACE_MS = 24 * 3_600_000
/** How often the sweep runs. */
export const FILE_SWEEP_EVERY_MS = 6 * 3_600_000

export type SweptStore = Pick<PageFiles, 'pagesWithFilesAddedBefore' | 'listPageFiles' | 'removePageFile' | 'removeOrphanFiles'> &
  Pick<PageLog, 'loadPage'> &
  Pick<PageHistory, 'listVersions' | 'loadVersion'>

/**
 * Forgets, page by page, the photos added before `now - FILE_GRACE_MS` that nothing of the page
 * names any more, then deletes the photos no page uses. `each` runs each page's work (the
 * background queue, so that a sweep never holds up the keystrokes). Returns photos deleted.
 */
export async function sweepUnusedFiles(store: SweptStore, now: number, each: (job: () => Promise<void>) => Promise<void> = (job) => job()): Promise<number> {
  const before = now - FILE_GRACE_MS
  for (const pageId of await store.pagesWithFilesAddedBefore(before)) {
    await each(async () => {
      const candidates = (await store.listPageFiles(pageId)).filter((file) => file.addedAt < before)
      if (candidates.length === 0) return
      // Names are written in the page's updates as text: looked for in the bytes, nothing decoded.
      const texts: Buffer[] = []
      const stored = await store.loadPage(pageId)
      if (stored?.snapshot) texts.push(Buffer.from(stored.snapshot))
      for (const update of stored?.updates ?? []) texts.push(Buffer.from(update))
      for (const info of await store.listVersions(pageId)) {
        const version = await store.loadVersion(pageId, info.id)
        if (version) texts.push(Buffer.from(version.state))
      }
      for (const file of candidates) {
        if (!texts.some((bytes) => bytes.includes(file.sha256))) await store.removePageFile(pageId, file.sha256)
      }
    })
  }
  return store.removeOrphanFiles()
}
