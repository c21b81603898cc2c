// The `carnet` command: `carnet serve` (the default) runs the server until SIGINT/SIGTERM, then
// stops gracefully: every received update written, every open page compacted.
import { join } from 'node:path'
import { ConfigError, readConfig } from './config.js'
import { createLogger } from './log.js'
import { SqliteStore } from './archive/sqlite-store.js'
import { createCarnetServer } from './http/server.js'

const USAGE = `Usage: carnet [serve]

  serve     run the server (default): PWA, relay and API on one port

Environment: PORT (8080), HOST (localhost), CARNET_DATA_DIR (./data), see README "Configuration".`

async function serve(): Promise<void> {
  const config = readConfig()
  const log = createLogger(config.logLevel)
  const store = new SqliteStore(join(config.dataDir, 'carnet.sqlite'), { synchronous: config.sqliteSynchronous })
  const server = createCarnetServer(config, store, log)
  const address = await server.listen()
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
    log.info('stopped')
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

async function main(argv: string[]): Promise<void> {
  const [command = 'serve'] = argv
  switch (command) {
    case 'serve':
      return serve()
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE)
      return
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`)
      process.exitCode = 2
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`carnet: ${error.message}`)
  else console.error(error)
  process.exit(1)
})
