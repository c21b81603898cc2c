// The stock reference server, @y/websocket-server 0.1.1, run as its own `bin` (src/server.js,
// with the ws 6 it ships with): once with its LevelDB persistence (YPERSISTENCE, y-leveldb), once
// without (documents only in memory).
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { diskBytes } from './storage.mjs'
import { startServerProcess } from './server-process.mjs'

const require = createRequire(import.meta.url)
const STOCK_BIN = join(dirname(require.resolve('@y/websocket-server/package.json')), 'src/server.js')

/**
 * @param {boolean} persist
 * @returns {import('./index.mjs').Contender}
 */
function stockServer(persist) {
  const name = persist ? 'y-websocket' : 'y-websocket-mem'
  return {
    name,
    dialect: 'yws',
    persistent: persist,
    label: persist ? '@y/websocket-server 0.1.1, LevelDB (YPERSISTENCE)' : '@y/websocket-server 0.1.1, in memory',
    roomUrl: (base, room) => `${base}/${room}`,
    start({ dataDir, port, readyIntervalMs, nodeArgs = [] }) {
      return startServerProcess({
        name,
        command: process.execPath,
        args: [...nodeArgs, STOCK_BIN],
        env: persist ? { YPERSISTENCE: join(dataDir, 'leveldb') } : {},
        port,
        readyPath: '/',
        readyIntervalMs,
      })
    },
    stored(dataDir) {
      const bytes = diskBytes(join(dataDir, 'leveldb'))
      return { stored_bytes: bytes, disk_bytes: bytes }
    },
  }
}

export const yWebsocket = stockServer(true)
export const yWebsocketMemory = stockServer(false)
