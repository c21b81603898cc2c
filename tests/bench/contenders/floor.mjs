// The floor contender: the raw forwarder of floor-server.mjs. It has no storage and no handshake.
import { fileURLToPath } from 'node:url'
import { startServerProcess } from './server-process.mjs'

const ENTRY = fileURLToPath(new URL('./floor-server.mjs', import.meta.url))

/** @type {import('./index.mjs').Contender} */
export const floor = {
  name: 'floor',
  dialect: 'floor',
  persistent: false,
  label: 'raw ws forwarder (same bytes to every other socket)',
  roomUrl: (base, room) => `${base}/${room}`,
  start({ port, readyIntervalMs, nodeArgs = [] }) {
    return startServerProcess({ name: 'floor', command: process.execPath, args: [...nodeArgs, ENTRY], env: {}, port, readyPath: '/', readyIntervalMs })
  },
  stored: () => ({ stored_bytes: 0, disk_bytes: 0 }),
}
