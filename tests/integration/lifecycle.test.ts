// The server's life: a graceful stop (SIGTERM) writes and compacts every open page; `carnet backup`
// copies the whole archive while the server runs, and `carnet restore` brings it back while the
// server runs (it closes its pages first; clients reconnect by themselves).
import { describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import { CloseCode, newPageId, type PageListResponse } from '@carnet/core'
import { endedAfterEachTest } from '../support/cleanup.js'
import { SERVER_BUNDLE, startRelay, tempDataDir, type RelayProcess } from '../support/relay-process.js'
import { addParagraph, stockClient } from '../support/stock-client.js'
import { waitFor } from '../support/wait.js'

const run = promisify(execFile)
const { relays, clients, client } = endedAfterEachTest()


function carnet(dataDir: string, ...args: string[]) {
  return run(process.execPath, [SERVER_BUNDLE, ...args], { env: { ...process.env, CARNET_DATA_DIR: dataDir } })
}

/** Writes `text` on a page and waits until the relay has stored it; the clients then leave. */
async function written(server: RelayProcess, pageId: string, text: string): Promise<void> {
  const writer = stockClient(server.syncUrl, pageId)
  const witness = stockClient(server.syncUrl, pageId)
  try {
    await Promise.all([writer.synced(), witness.synced()])
    addParagraph(writer.doc, text)
    await waitFor(() => witness.text().includes(text), { what: `"${text}" stored`, on: [[witness.doc, 'update']] })
  } finally {
    writer.destroy()
    witness.destroy()
  }
}

describe('lifecycle', () => {
  it('stops gracefully on SIGTERM: every open page written and compacted', async () => {
    const server = await startRelay({ env: { CARNET_UNLOAD_AFTER_MS: '600000' } })
    relays.push(server)
    const pages = [newPageId('term'), newPageId('term')]
    for (const pageId of pages) await written(server, pageId, `Contenu de ${pageId}`)
    expect(await server.stop()).toBe(0)
    expect(server.logs.map((l) => l.msg)).toContain('stopped')
    const db = new Database(join(server.dataDir, 'carnet.sqlite'), { readonly: true })
    for (const pageId of pages) {
      const snapshot = db.prepare('SELECT count(*) AS n FROM snapshots WHERE page_id = ?').get(pageId) as { n: number }
      const log = db.prepare('SELECT count(*) AS n FROM updates WHERE page_id = ?').get(pageId) as { n: number }
      expect(snapshot.n).toBe(1)
      expect(log.n).toBe(0)
    }
    db.close()
    expect(existsSync(join(server.dataDir, 'server.json'))).toBe(false)

    const again = await startRelay({ dataDir: server.dataDir })
    relays.push(again)
    for (const pageId of pages) {
      const fresh = client(again, pageId)
      await fresh.synced()
      expect(fresh.text()).toBe(`Contenu de ${pageId}`)
    }
  })

  it('backs up the whole archive while running, and restores it while running', async () => {
    const server = await startRelay()
    relays.push(server)
    const kept = newPageId('kept')
    await written(server, kept, 'Page d’avant la sauvegarde')

    const backup = join(tempDataDir('carnet-backup'), 'archive.sqlite')
    const { stdout } = await carnet(server.dataDir, 'backup', backup)
    expect(stdout).toContain(`Archive copied to ${backup}`)
    await expect(carnet(server.dataDir, 'backup', backup)).rejects.toThrow(/already exists/)

    // After the backup: a new page, and more text on the first one, with a client still connected.
    const later = newPageId('later')
    await written(server, later, 'Page écrite après la sauvegarde')
    const online = client(server, kept)
    await online.synced()
    const toldToReconnect = online.nextClose()

    // The running server restores before it answers: once the command returns, the archive is the backup.
    const { stdout: restored } = await carnet(server.dataDir, 'restore', backup)
    expect(restored).toContain('Archive restored by the running server')
    expect((await toldToReconnect).code).toBe(CloseCode.serviceRestart)

    // The archive is the backup's: the later page is gone from the list...
    const list = (await (await fetch(`${server.httpUrl}/api/pages`)).json()) as PageListResponse
    expect(list.pages.map((p) => p.id)).toContain(kept)
    expect(list.pages.map((p) => p.id)).not.toContain(later)
    // ...and the connected client reconnected by itself and still edits the restored page.
    addParagraph(online.doc, 'Après la restauration')
    const fresh = client(server, kept)
    await fresh.synced()
    await waitFor(() => fresh.text().includes('Après la restauration'), { what: 'edits after restore', on: [[fresh.doc, 'update']] })
    expect(fresh.text()).toContain('Page d’avant la sauvegarde')
  })

  it('refuses to restore something that is not a Carnet archive, changing nothing', async () => {
    const server = await startRelay()
    relays.push(server)
    const pageId = newPageId('safe')
    await written(server, pageId, 'Rien ne doit se perdre')
    const bogus = join(tempDataDir('carnet-bogus'), 'bogus.sqlite')
    const db = new Database(bogus)
    db.exec('CREATE TABLE other (x)')
    db.close()
    await expect(carnet(server.dataDir, 'restore', bogus)).rejects.toThrow(/not a Carnet archive/)
    const fresh = client(server, pageId)
    await fresh.synced()
    expect(fresh.text()).toBe('Rien ne doit se perdre')
  })

  it('restores a stopped archive directly', async () => {
    const dataDir = tempDataDir('carnet-offline-restore')
    const server = await startRelay({ dataDir })
    relays.push(server)
    const pageId = newPageId('cold')
    await written(server, pageId, 'Sauvegardé à froid')
    const backup = join(tempDataDir('carnet-cold-backup'), 'cold.sqlite')
    await carnet(dataDir, 'backup', backup)
    await written(server, newPageId('lost'), 'Pas dans la sauvegarde')
    for (const c of clients.splice(0)) c.destroy()
    expect(await server.stop()).toBe(0)

    const { stdout } = await carnet(dataDir, 'restore', backup)
    expect(stdout.trim()).toBe('Archive restored.')
    const again = await startRelay({ dataDir })
    relays.push(again)
    const list = (await (await fetch(`${again.httpUrl}/api/pages`)).json()) as PageListResponse
    expect(list.pages.map((p) => p.id)).toEqual([pageId])
  })
})
