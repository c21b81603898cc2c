// `carnet migrate --from <archive> --to <archive>`: moves a whole archive from SQLite
// (`sqlite:<data dir or .sqlite file>`) to PostgreSQL (`postgres://…`), or back. Each page is
// copied as stored — its row, snapshot and log byte for byte, access record, search text, tags,
// and versions with their ids, so links to them stay valid — in one transaction, then read back
// from the target and compared with the source: the same rows, and the same document once loaded
// the way the relay loads it. A page already in the target is compared, not copied again, so an
// interrupted migration is resumed by running it again. The relays must be stopped meanwhile.
import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import * as Y from 'yjs'
import { readInstanceFile } from '../admin/instance-file.js'
import type { PageDump, PageDumps } from '../archive/page-dump.js'
import { PostgresStore } from '../archive/postgres-store.js'
import { SqliteStore } from '../archive/sqlite-store.js'
import type { PageStore, StoredPage } from '../archive/store.js'
import { redactUrl } from '../observability/redact-url.js'

export type ArchiveLocation = { kind: 'sqlite'; file: string; dataDir: string } | { kind: 'postgres'; url: string }

export interface MigrationReport {
  from: string
  to: string
  pages: number
  copied: number
  /** Already in the target with the same content (a resumed migration). */
  alreadyThere: number
  updates: number
  snapshots: number
  versions: number
  /** Pages whose copy differs from the source, with what differs. */
  mismatches: { pageId: string; what: string }[]
}

type Archive = PageStore & PageDumps

/** Pages copied at once: enough to keep PostgreSQL busy, few enough to bound memory. */
const CONCURRENCY = 8

export class MigrationError extends Error {}

/** `sqlite:<dir>` or `sqlite:<file.sqlite>`, or a `postgres://` URL. */
export function parseArchiveLocation(text: string, flag: string): ArchiveLocation {
  if (/^postgres(ql)?:\/\//.test(text)) return { kind: 'postgres', url: text }
  if (text.startsWith('sqlite:')) {
    const path = resolve(text.slice('sqlite:'.length) || '.')
    if (path.endsWith('.sqlite')) return { kind: 'sqlite', file: path, dataDir: resolve(path, '..') }
    return { kind: 'sqlite', file: join(path, 'carnet.sqlite'), dataDir: path }
  }
  throw new MigrationError(`${flag} ${text}: expected sqlite:<data directory> or postgres://user:password@host:5432/database`)
}

export function describeLocation(location: ArchiveLocation): string {
  return location.kind === 'sqlite' ? `sqlite:${location.file}` : redactUrl(location.url)
}

async function openArchive(location: ArchiveLocation, role: 'source' | 'target'): Promise<Archive> {
  if (location.kind === 'postgres') return PostgresStore.open(location.url, { poolSize: CONCURRENCY + 2 })
  if (readInstanceFile(location.dataDir)) {
    throw new MigrationError(`a Carnet server is running on ${location.dataDir}: stop it first (pages written meanwhile would be missed)`)
  }
  if (role === 'source' && !(existsSync(location.file) && statSync(location.file).isFile())) {
    throw new MigrationError(`no SQLite archive at ${location.file}`)
  }
  return new SqliteStore(location.file)
}

export async function migrateArchive(from: ArchiveLocation, to: ArchiveLocation, progress: (line: string) => void = () => {}): Promise<MigrationReport> {
  if (from.kind === to.kind && describeLocation(from) === describeLocation(to)) throw new MigrationError('--from and --to are the same archive')
  const source = await openArchive(from, 'source')
  let target: Archive
  try {
    target = await openArchive(to, 'target')
  } catch (error) {
    await source.close()
    throw error
  }
  const report: MigrationReport = {
    from: describeLocation(from),
    to: describeLocation(to),
    pages: 0,
    copied: 0,
    alreadyThere: 0,
    updates: 0,
    snapshots: 0,
    versions: 0,
    mismatches: [],
  }
  try {
    const ids = await source.listPageIds()
    report.pages = ids.length
    progress(`${ids.length} pages to move from ${report.from} to ${report.to}`)
    let next = 0
    let done = 0
    const worker = async () => {
      while (next < ids.length) {
        const pageId = ids[next++]!
        await movePage(pageId, source, target, report)
        if (++done % 100 === 0 || done === ids.length) progress(`${done}/${ids.length} pages moved and verified`)
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
    await target.afterWritingPages()
    return report
  } finally {
    await Promise.all([source.close(), target.close()])
  }
}

async function movePage(pageId: string, source: Archive, target: Archive, report: MigrationReport): Promise<void> {
  const dump = await source.dumpPage(pageId)
  if (!dump) return
  const existing = await target.dumpPage(pageId)
  if (existing) {
    const what = dumpDifference(dump, existing)
    if (what) report.mismatches.push({ pageId, what: `already in the target with other content (${what})` })
    else report.alreadyThere++
    return
  }
  await target.writePage(dump)
  report.copied++
  report.updates += dump.updates.length
  report.snapshots += dump.snapshot ? 1 : 0
  report.versions += dump.versions.length
  // Read back: the rows as stored, and the document as the relay would load it.
  const what = dumpDifference(dump, await target.dumpPage(pageId)) ?? documentDifference(await source.loadPage(pageId), await target.loadPage(pageId))
  if (what) report.mismatches.push({ pageId, what })
}

/** What differs between two dumps of a page, or null. */
export function dumpDifference(a: PageDump, b: PageDump | null): string | null {
  if (!b) return 'missing'
  if (JSON.stringify(a.record) !== JSON.stringify(b.record)) return 'page row'
  if (!sameBytes(a.snapshot, b.snapshot)) return 'snapshot'
  if (a.updates.length !== b.updates.length || a.updates.some((u, i) => u.createdAt !== b.updates[i]!.createdAt || !sameBytes(u.data, b.updates[i]!.data))) {
    return 'update log'
  }
  if (JSON.stringify(a.access) !== JSON.stringify(b.access)) return 'access'
  if (JSON.stringify(a.text) !== JSON.stringify(b.text)) return 'search text'
  if (JSON.stringify(a.tags) !== JSON.stringify(b.tags)) return 'tags'
  if (a.versions.length !== b.versions.length) return 'versions'
  for (const [i, v] of a.versions.entries()) {
    const w = b.versions[i]!
    if (v.id !== w.id || v.createdAt !== w.createdAt || v.writers !== w.writers || v.bytes !== w.bytes || !sameBytes(v.data, w.data)) return `version ${v.id}`
  }
  return null
}

function documentDifference(a: StoredPage | null, b: StoredPage | null): string | null {
  if (!a || !b) return a === b ? null : 'document'
  return sameBytes(documentState(a), documentState(b)) ? null : 'document'
}

function documentState(stored: StoredPage): Uint8Array {
  const doc = new Y.Doc()
  try {
    Y.transact(doc, () => {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
      for (const update of stored.updates) Y.applyUpdate(doc, update)
    })
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))
}

/** The command's final words. */
export function formatReport(report: MigrationReport): string {
  const lines = [
    `Moved ${report.pages} pages from ${report.from} to ${report.to}: ${report.copied} copied, ${report.alreadyThere} already there ` +
      `(${report.updates} logged updates, ${report.snapshots} snapshots, ${report.versions} versions copied).`,
  ]
  const verified = report.pages - report.mismatches.length
  if (report.mismatches.length === 0) {
    lines.push(`Verified ${verified} of ${report.pages} pages: the same rows and the same document in both archives.`)
  } else {
    lines.push(`Verified ${verified} of ${report.pages} pages; ${report.mismatches.length} differ:`)
    for (const { pageId, what } of report.mismatches.slice(0, 50)) lines.push(`  ${pageId}: ${what}`)
  }
  return lines.join('\n')
}
