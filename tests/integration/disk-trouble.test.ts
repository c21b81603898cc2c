// Disk trouble: when SQLite refuses writes (disk full, or locked past the busy timeout), the relay
// refuses the writers' updates with a clear close reason (4503), says so in /healthz and /metrics,
// keeps serving what it has, and recovers by itself once the disk is writable again — the writers'
// clients, which kept their text, send it again and it is stored. A photo sent meanwhile is
// refused with a 507 (send it later) and stored when sent again.
import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { CloseCode, newPageId } from '@carnet/core'
import { endedAfterEachTest } from '../support/cleanup.js'
import { startRelay, tempDataDir, type RelayProcess } from '../support/relay-process.js'
import { addParagraph } from '../support/stock-client.js'
import { metricValue } from '../support/metrics.js'
import { waitFor } from '../support/wait.js'
import { until } from '../support/until.js'
import { phonePhoto } from '../support/phone-photo.js'
import { photoName } from '../support/photo-upload.js'

const { relays, client } = endedAfterEachTest()


async function health(server: RelayProcess): Promise<number> {
  return (await fetch(`${server.httpUrl}/healthz`)).status
}

describe('disk trouble', () => {
  it('refuses writes while the disk is full, keeps the text with the writer, and recovers when space returns', async () => {
    const dataDir = tempDataDir('carnet-full')
    const file = join(dataDir, 'carnet.sqlite')
    // An archive with a page in it, then a filler that takes the rest of the allowed space.
    const first = await startRelay({ dataDir })
    relays.push(first)
    const pageId = newPageId('full')
    const before = client(first, pageId)
    await before.synced()
    addParagraph(before.doc, 'Écrit avant que le disque soit plein.')
    const witness = client(first, pageId)
    await waitFor(() => witness.text().includes('avant'), { what: 'stored', on: [[witness.doc, 'update']] })
    before.destroy()
    witness.destroy()
    expect(await first.stop()).toBe(0)
    const db = new Database(file)
    db.exec('CREATE TABLE filler (data BLOB)')
    const insert = db.prepare('INSERT INTO filler VALUES (?)')
    for (let i = 0; i < 64; i++) insert.run(Buffer.alloc(4000, i))
    db.exec('VACUUM')
    const pages = db.pragma('page_count', { simple: true }) as number
    db.close()

    // The relay may not grow the file: the disk is "full".
    const server = await startRelay({ dataDir, env: { CARNET_SQLITE_MAX_PAGES: String(pages) } })
    relays.push(server)
    const writer = client(server, pageId)
    await writer.synced()
    expect(writer.text()).toBe('Écrit avant que le disque soit plein.')
    const refused = writer.nextClose()
    addParagraph(writer.doc, 'Écrit pendant que le disque est plein : '.repeat(500))
    expect(await refused).toEqual({
      code: CloseCode.storageUnavailable,
      reason: 'storage unavailable: your changes are kept on your device, retry later',
    })
    expect(writer.text()).toContain('Écrit pendant que le disque est plein')
    // Counted before the writers are told: no wait needed once the close has arrived.
    expect(await metricValue(server.httpUrl, 'carnet_errors_total', 'kind="store-append"')).toBeGreaterThanOrEqual(1)
    expect(await health(server)).toBe(503)
    // A photo sent meanwhile is refused as "later", with its reason: nothing is stored.
    // Under 64 KiB, so kept in the archive itself (larger ones go to the photo directory beside it).
    const photo = await phonePhoto({ width: 400, height: 300, location: false })
    expect(photo.length).toBeLessThan(64 * 1024)
    const put = () => fetch(`${server.httpUrl}/api/pages/${pageId}/files/${photoName(photo)}`, { method: 'PUT', body: new Blob([photo as Uint8Array<ArrayBuffer>]), headers: { 'Content-Type': 'image/jpeg' } })
    const full = await put()
    expect(full.status).toBe(507)
    expect(await full.json()).toEqual({ error: expect.stringContaining('disk is full'), reason: 'disk-full' })
    expect(await metricValue(server.httpUrl, 'carnet_uploads_total', 'result="disk-full"')).toBe(1)
    // Readers still read what is stored.
    const reader = client(server, newPageId('other'))
    await reader.synced()

    // Space returns: the writer's client sends the text again by itself, and it is stored.
    const admin = new Database(file)
    admin.exec('DELETE FROM filler')
    admin.close()
    await until(async () => ((await health(server)) === 200 ? true : undefined), { what: 'healthy again', timeoutMs: 20_000 })
    const fresh = client(server, pageId)
    await fresh.synced()
    await waitFor(() => fresh.text().includes('Écrit pendant que le disque est plein'), {
      what: 'the text written during the outage reached the archive',
      on: [[fresh.doc, 'update']],
      timeoutMs: 20_000,
    })
    expect(fresh.text()).toContain('Écrit avant que le disque soit plein.')
    // The photo sent again is stored.
    expect((await put()).status).toBe(201)
  })

  it('refuses writes while another process holds the archive locked, then recovers', async () => {
    const server = await startRelay({ env: { CARNET_SQLITE_BUSY_TIMEOUT_MS: '50' } })
    relays.push(server)
    const pageId = newPageId('busy')
    const writer = client(server, pageId)
    await writer.synced()
    addParagraph(writer.doc, 'Avant le verrou.')
    const witness = client(server, pageId)
    await waitFor(() => witness.text().includes('Avant le verrou.'), { what: 'stored', on: [[witness.doc, 'update']] })

    const locker = new Database(join(server.dataDir, 'carnet.sqlite'))
    locker.pragma('busy_timeout = 5000')
    locker.exec('BEGIN EXCLUSIVE')
    const refused = writer.nextClose()
    addParagraph(writer.doc, 'Pendant le verrou.')
    expect((await refused).code).toBe(CloseCode.storageUnavailable)
    expect(witness.text()).not.toContain('Pendant le verrou.')
    locker.exec('COMMIT')
    locker.close()

    await waitFor(() => witness.text().includes('Pendant le verrou.'), {
      what: 'the refused text arrives once the lock is gone',
      on: [[witness.doc, 'update']],
      timeoutMs: 20_000,
    })
    await until(async () => ((await health(server)) === 200 ? true : undefined), { what: 'healthy again' })
  })
})
