// Carnet's settings, read once from the environment, each with a documented default (README,
// "Configuration"). A bad value stops the start with a message naming the variable.
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SqliteSynchronous } from './archive/sqlite-store.js'

export interface Config {
  port: number
  host: string
  dataDir: string
  /** The built PWA (apps/web/dist). */
  webDir: string
  sqliteSynchronous: SqliteSynchronous
  logLevel: string
  limits: {
    /** Largest WebSocket frame accepted; larger ones close the socket with 1009. */
    maxMessageBytes: number
    /** Largest stored size of a page; updates past it are refused (4413). */
    maxPageBytes: number
    /** A socket with more than this waiting to be sent is dropped (slow consumer). */
    maxBufferedBytes: number
  }
  relay: {
    compactAfterUpdates: number
    unloadAfterMs: number
    pingIntervalMs: number
    /** A page being edited gets a version in its history at most this often. */
    historyIntervalMs: number
  }
}

const MiB = 1024 * 1024

type Env = Record<string, string | undefined>

export function readConfig(env: Env = process.env): Config {
  const here = fileURLToPath(new URL('.', import.meta.url))
  return {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST?.trim() || 'localhost',
    dataDir: resolve(env.CARNET_DATA_DIR?.trim() || './data'),
    // The bundle lives in server/dist; the PWA is built into apps/web/dist.
    webDir: resolve(env.CARNET_WEB_DIR?.trim() || resolve(here, '../../apps/web/dist')),
    sqliteSynchronous: choice(env, 'CARNET_SQLITE_SYNC', ['normal', 'full'] as const, 'normal'),
    logLevel: choice(env, 'CARNET_LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    limits: {
      maxMessageBytes: integer(env, 'CARNET_MAX_MESSAGE_BYTES', 1 * MiB, 1024, 256 * MiB),
      maxPageBytes: integer(env, 'CARNET_MAX_PAGE_BYTES', 32 * MiB, 1024, 4096 * MiB),
      maxBufferedBytes: integer(env, 'CARNET_MAX_BUFFERED_BYTES', 16 * MiB, 64 * 1024, 1024 * MiB),
    },
    relay: {
      compactAfterUpdates: integer(env, 'CARNET_COMPACT_AFTER_UPDATES', 500, 1, 10_000_000),
      unloadAfterMs: integer(env, 'CARNET_UNLOAD_AFTER_MS', 5_000, 0, 24 * 3600_000),
      pingIntervalMs: integer(env, 'CARNET_PING_INTERVAL_MS', 30_000, 100, 3600_000),
      historyIntervalMs: integer(env, 'CARNET_HISTORY_INTERVAL_MS', 5 * 60_000, 100, 24 * 3600_000),
    },
  }
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim()
  if (!raw) return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name}=${raw} is not an integer between ${min} and ${max}`)
  }
  return value
}

function choice<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim().toLowerCase()
  if (!raw) return fallback
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name}=${raw} is not one of ${allowed.join(', ')}`)
  }
  return raw as T
}
