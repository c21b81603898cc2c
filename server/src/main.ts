// The `carnet` command. `carnet serve` (the default) runs the server until SIGINT/SIGTERM, then
// stops gracefully: every received update written, every open page compacted. `carnet backup` and
// `carnet restore` copy the whole archive out and back, while the server runs.
import { join } from 'node:path'
import { ConfigError, readConfig } from './config.js'
import { createLogger } from './log.js'
import { SqliteStore } from './archive/sqlite-store.js'
import { createCarnetServer } from './http/server.js'
import { newAdminToken, removeInstanceFile, writeInstanceFile } from './admin/instance-file.js'
import { backupArchive } from './cli/backup.js'
import { restoreArchive } from './cli/restore.js'

const USAGE = `Usage: carnet [command]

  serve              run the server (default): PWA, relay and API on one port
  backup <file>      copy the whole archive to <file> (works while the server runs)
  restore <file>     replace the whole archive by the backup <file> (the running server, if
                     any, closes its pages and restores it itself; clients reconnect)

Environment: PORT (8080), HOST (localhost), CARNET_DATA_DIR (./data), see README "Configuration".`

async function serve(): Promise<void> {
  const config = readConfig()
  const log = createLogger(config.logLevel)
  const store = new SqliteStore(archiveFile(config.dataDir), {
    synchronous: config.sqliteSynchronous,
    busyTimeoutMs: config.sqliteBusyTimeoutMs,
    maxPages: config.sqliteMaxPages,
  })
  const adminToken = newAdminToken()
  const server = createCarnetServer(config, store, log, { adminToken })
  const address = await server.listen()
  writeInstanceFile(config.dataDir, { pid: process.pid, host: config.host, port: address.port, token: adminToken })
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  log.info(
    { url: `http://${shownHost}:${address.port}`, port: address.port, dataDir: config.dataDir },
    'listening',
  )

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'stopping')
    const forced = setTimeout(() => {
      log.error('graceful stop took too long, exiting')
      process.exit(1)
    }, 20_000)
    forced.unref()
    await server.stop()
    await store.close()
    removeInstanceFile(config.dataDir)
    log.info('stopped')
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

function archiveFile(dataDir: string): string {
  return join(dataDir, 'carnet.sqlite')
}

async function main(argv: string[]): Promise<void> {
  const [command = 'serve', ...args] = argv
  switch (command) {
    case 'serve':
      return serve()
    case 'backup': {
      if (args.length !== 1) throw new UsageError('backup needs one argument: the file to write')
      const config = readConfig()
      const written = await backupArchive(archiveFile(config.dataDir), args[0]!)
      console.log(`Archive copied to ${written}`)
      return
    }
    case 'restore': {
      if (args.length !== 1) throw new UsageError('restore needs one argument: the backup file')
      const config = readConfig()
      const how = await restoreArchive(config.dataDir, archiveFile(config.dataDir), args[0]!)
      console.log(how === 'by-server' ? 'Archive restored by the running server (clients reconnect by themselves).' : 'Archive restored.')
      return
    }
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE)
      return
    default:
      throw new UsageError(`unknown command "${command}"`)
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`carnet: ${error.message}\n\n${USAGE}`)
    process.exit(2)
  }
  console.error(`carnet: ${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
