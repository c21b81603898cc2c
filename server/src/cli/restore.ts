// `carnet restore <file>`: replaces the whole archive by a backup. When a server runs on this data
// directory it does the restore itself (it first closes every page, so nothing in memory is lost
// or written over the restored archive); otherwise the file is restored directly.
import { resolve } from 'node:path'
import { SqliteStore, checkBackup } from '../archive/sqlite-store.js'
import { readInstanceFile } from '../admin/instance-file.js'

export async function restoreArchive(dataDir: string, archiveFile: string, backupFile: string): Promise<'by-server' | 'offline'> {
  const file = resolve(backupFile)
  await checkBackup(file)
  const running = readInstanceFile(dataDir)
  if (running) {
    const host = running.host.includes(':') ? `[${running.host}]` : running.host
    const response = await fetch(`http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${running.port}/admin/restore`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${running.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ file }),
    })
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: string }
      throw new Error(`the running server refused the restore: ${body.error ?? response.status}`)
    }
    return 'by-server'
  }
  const store = new SqliteStore(archiveFile)
  try {
    await store.restoreFrom(file)
  } finally {
    await store.close()
  }
  return 'offline'
}
