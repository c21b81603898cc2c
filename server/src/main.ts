// The `carnet` command. `carnet serve` (the default) runs the server until SIGINT/SIGTERM, then
// stops gracefully: every received update written, every open page compacted. `carnet backup` and
// `carnet restore` copy the whole archive out and back, while the server runs; `carnet migrate`
// moves it between SQLite and PostgreSQL.
//
// The archive is the SQLite file in CARNET_DATA_DIR, or PostgreSQL when CARNET_DATABASE_URL is set;
// with CARNET_REDIS_URL too, several processes serve the same pages (cluster/redis-fanout.ts).
import { join } from 'node:path'
import type { Logger } from 'pino'
import { readConfig, type Config } from './config.js'
import { createLogger } from './log.js'
import { SqliteStore } from './archive/sqlite-store.js'
import type { PageStore } from './archive/store.js'
import { singleProcess, type Fanout } from './cluster/fanout.js'
import { createCarnetServer } from './http/server.js'
import { newAdminToken, removeInstanceFile, writeInstanceFile } from './admin/instance-file.js'
import { backupArchive } from './cli/backup.js'
import { restoreArchive } from './cli/restore.js'
import { pullPages } from './cli/pull.js'
import { isValidPageId } from '@carnet/core'
import { backupPostgres, POSTGRES_RESTORE_HELP } from './cli/postgres-backup.js'
// PostgreSQL, Redis and the migration are imported when used: the embedded default starts
// without evaluating pg or ioredis (a third of its start-up time).

const USAGE = `Usage: carnet [command]

  serve              run the server (default): PWA, relay and API on one port
  backup <file>      copy the whole archive to <file> (works while the server runs)
  restore <file>     replace the whole archive by the backup <file> (the running server, if
                     any, closes its pages and restores it itself; clients reconnect)
  pull <pageId>…     (a room relay) bring these pages down from the city's Carnet now,
                     so they are here even if the room's internet is down later
  migrate --from <archive> --to <archive>
                     move a whole archive, verified page by page; an archive is
                     sqlite:<data directory> or postgres://user:password@host:5432/database
                     (stop the relays first; run it again to resume)

With CARNET_DATABASE_URL, backup runs pg_dump and restore explains pg_restore.

Environment: PORT (8080), HOST (localhost), CARNET_DATA_DIR (./data), CARNET_DATABASE_URL,
CARNET_REDIS_URL, see docs/configuration.md.`

async function openStore(config: Config, log: Logger): Promise<PageStore> {
  if (config.databaseUrl) {
    const { PostgresStore } = await import('./archive/postgres-store.js')
    return PostgresStore.open(config.databaseUrl, { poolSize: config.databasePoolSize })
  }
  return new SqliteStore(archiveFile(config.dataDir), {
    synchronous: config.sqliteSynchronous,
    busyTimeoutMs: config.sqliteBusyTimeoutMs,
    maxPages: config.sqliteMaxPages,
    onCheckpointFailure: (reason) => log.warn({ reason }, 'SQLite checkpoints are back on the relay’s thread'),
  })
}

async function openFanout(config: Config, log: Logger): Promise<Fanout> {
  if (!config.redisUrl) return singleProcess
  const { RedisFanout } = await import('./cluster/redis-fanout.js')
  return RedisFanout.connect({ url: config.redisUrl, prefix: config.redisPrefix, log })
}

async function serve(): Promise<void> {
  const config = readConfig()
  const log = createLogger(config.logLevel)
  const store = await openStore(config, log)
  let fanout: Fanout
  try {
    fanout = await openFanout(config, log)
  } catch (error) {
    await store.close()
    throw error
  }
  // A promise nobody awaited must not take every page down with it: log it loudly and go on.
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'))
  const adminToken = newAdminToken()
  const server = createCarnetServer(config, store, log, { adminToken, fanout })
  const address = await server.listen()
  // The operator routes restore an SQLite file; several processes may share a data directory
  // when the archive is PostgreSQL, and have nothing to restore.
  const embedded = store instanceof SqliteStore
  if (embedded) writeInstanceFile(config.dataDir, { pid: process.pid, host: config.host, port: address.port, token: adminToken })
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  log.info(
    {
      url: `${config.tls ? 'https' : 'http'}://${shownHost}:${address.port}`,
      ...(server.roomUrl() ? { roomUrl: server.roomUrl() } : {}),
      port: address.port,
      archive: embedded ? config.dataDir : 'postgresql',
      fanout: fanout.status().mode,
    },
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
    await fanout.close()
    await store.close()
    if (embedded) removeInstanceFile(config.dataDir)
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
      const written = config.databaseUrl ? await backupPostgres(config.databaseUrl, args[0]!) : await backupArchive(archiveFile(config.dataDir), args[0]!)
      console.log(`Archive copied to ${written}${config.databaseUrl ? ' (pg_dump, custom format: restore it with pg_restore)' : ''}`)
      return
    }
    case 'restore': {
      if (args.length !== 1) throw new UsageError('restore needs one argument: the backup file')
      const config = readConfig()
      if (config.databaseUrl) throw new Error(POSTGRES_RESTORE_HELP)
      const how = await restoreArchive(config.dataDir, archiveFile(config.dataDir), args[0]!)
      console.log(how === 'by-server' ? 'Archive restored by the running server (clients reconnect by themselves).' : 'Archive restored.')
      return
    }
    case 'pull': {
      if (args.length === 0) throw new UsageError('pull needs the ids of the pages to bring down')
      const invalid = args.find((id) => !isValidPageId(id))
      if (invalid !== undefined) throw new UsageError(`"${invalid}" is not a page id (3 to 64 characters among a-z, 0-9 and "-")`)
      const config = readConfig()
      await pullPages(config.dataDir, args)
      console.log(`Brought down from the city: ${args.join(', ')}`)
      return
    }
    case 'migrate': {
      const { formatReport, migrateArchive, parseArchiveLocation } = await import('./cli/migrate.js')
      const from = flagValue(args, '--from')
      const to = flagValue(args, '--to')
      const report = await migrateArchive(parseArchiveLocation(from, '--from'), parseArchiveLocation(to, '--to'), (line) => console.error(line))
      console.log(formatReport(report))
      if (report.mismatches.length > 0) process.exitCode = 1
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

/** `--name value` or `--name=value`. */
function flagValue(args: string[], name: string): string {
  for (const [i, arg] of args.entries()) {
    if (arg === name && args[i + 1] !== undefined) return args[i + 1]!
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1)
  }
  throw new UsageError(`migrate needs ${name} <archive>`)
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`carnet: ${error.message}\n\n${USAGE}`)
    process.exit(2)
  }
  console.error(`carnet: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
