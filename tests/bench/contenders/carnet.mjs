// Carnet's relay exactly as `pnpm start` runs it: the built bundle, `carnet serve`, SQLite
// persistence on (WAL, synchronous=NORMAL by default), default settings; only the log level is
// lowered (warn) so that logging is not what we measure.
import { join } from 'node:path'
import { REPO_ROOT } from '../lib/trace.mjs'
import { diskBytes, sqliteBlobBytesByTable } from './storage.mjs'
import { startServerProcess } from './server-process.mjs'

export const SERVER_BUNDLE = join(REPO_ROOT, 'server/dist/carnet.js')

/** Where Carnet's processes write CPU profiles (`pnpm bench --profile`), or null. */
let profileDir = /** @type {string | null} */ (null)
let profiled = 0

/**
 * Profile every Carnet process started from now on (V8 `--cpu-prof`; written when the process
 * exits politely, so not for the ones killed with -9).
 * @param {string | null} dir
 */
export function profileCarnetInto(dir) {
  profileDir = dir
}

/** @type {import('./index.mjs').Contender} */
export const carnet = {
  name: 'carnet',
  dialect: 'yws',
  persistent: true,
  label: 'Carnet relay, SQLite (WAL, synchronous=NORMAL)',
  roomUrl: (base, room) => `${base}/sync/${room}`,
  start({ dataDir, port, env = {}, readyIntervalMs, label, nodeArgs = [] }) {
    return startServerProcess({
      name: 'carnet',
      command: process.execPath,
      args: [
        ...nodeArgs,
        ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=carnet-${String(++profiled).padStart(3, '0')}-${label ?? 'run'}.cpuprofile`] : []),
        SERVER_BUNDLE,
        'serve',
      ],
      env: { CARNET_DATA_DIR: dataDir, CARNET_LOG_LEVEL: 'warn', ...env },
      port,
      readyPath: '/healthz',
      readyIntervalMs,
    })
  },
  stored(dataDir) {
    const byTable = sqliteBlobBytesByTable(join(dataDir, 'carnet.sqlite'))
    const stored = Object.values(byTable).reduce((sum, bytes) => sum + bytes, 0)
    return { stored_bytes: stored, disk_bytes: diskBytes(dataDir), detail: byTable }
  },
}
