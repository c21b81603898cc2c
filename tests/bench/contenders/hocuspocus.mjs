// Hocuspocus 3.4.4 with its SQLite extension, in a child process (hocuspocus-server.mjs). Its
// clients put the document name before every message; see protocol/dialects.mjs.
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { diskBytes, sqliteBlobBytes } from './storage.mjs'
import { startServerProcess } from './server-process.mjs'

const ENTRY = fileURLToPath(new URL('./hocuspocus-server.mjs', import.meta.url))

/** @type {import('./index.mjs').Contender} */
export const hocuspocus = {
  name: 'hocuspocus',
  dialect: 'hocuspocus',
  persistent: true,
  label: '@hocuspocus/server 3.4.4 + extension-sqlite (debounced store)',
  roomUrl: (base) => `${base}/`,
  start({ dataDir, port, readyIntervalMs, nodeArgs = [] }) {
    return startServerProcess({
      name: 'hocuspocus',
      command: process.execPath,
      args: [...nodeArgs, ENTRY],
      env: { HOCUSPOCUS_DB: join(dataDir, 'hocuspocus.sqlite') },
      port,
      readyPath: '/',
      readyIntervalMs,
    })
  },
  stored(dataDir) {
    return { stored_bytes: sqliteBlobBytes(join(dataDir, 'hocuspocus.sqlite')), disk_bytes: diskBytes(dataDir) }
  },
}
