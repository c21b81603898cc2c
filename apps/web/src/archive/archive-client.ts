// Reads the archive API. Network trouble is an expected state here (offline rooms), reported as a
// value rather than thrown.
export interface ArchivedPage {
  id: string
  title: string
  date: string
  place: string
  tags: string[]
  licence: string
  closed: boolean
  createdAt: string
  updatedAt: string
}

export type ArchiveResult<T> = { ok: true; value: T } | { ok: false; offline: boolean; message: string }

export async function fetchRecentPages(limit = 20): Promise<ArchiveResult<ArchivedPage[]>> {
  try {
    const res = await fetch(`/api/pages?limit=${limit}`, { headers: { Accept: 'application/json' } })
    if (!res.ok) return { ok: false, offline: false, message: `HTTP ${res.status}` }
    const body = (await res.json()) as { pages: ArchivedPage[] }
    return { ok: true, value: body.pages }
  } catch (error) {
    return { ok: false, offline: true, message: (error as Error).message }
  }
}
