// Carnet's settings, read once from the environment, each with a documented default
// (docs/configuration.md). A bad value stops the start with a message naming the variable.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SqliteSynchronous } from './archive/sqlite-store.js'

export interface Config {
  port: number
  host: string
  dataDir: string
  /** The built PWA (apps/web/dist). */
  webDir: string
  /** The address people use (behind a proxy: https://carnet.example.org); exports link to it. Null: from each request. */
  publicUrl: string | null
  sqliteSynchronous: SqliteSynchronous
  /** How long a write waits for another process's lock (a backup, a migration) before failing. */
  sqliteBusyTimeoutMs: number
  /** Caps the archive file at this many database pages (4 KiB each); 0 for no cap. */
  sqliteMaxPages: number
  /** The shared archive (`postgres://…`); null for the embedded SQLite file in `dataDir`. */
  databaseUrl: string | null
  /** PostgreSQL connections this process keeps open at most. */
  databasePoolSize: number
  /** Fan-out between relay processes (`redis://…`); null for one process alone. Needs `databaseUrl`. */
  redisUrl: string | null
  /** Prefix of Carnet's Redis channels and keys (deployments sharing one Redis keep apart). */
  redisPrefix: string
  logLevel: string
  /** A room relay's link to the city's Carnet (`CARNET_UPSTREAM_URL`, `CARNET_UPSTREAM_TOKEN`); null when none. */
  upstream: { url: string; token: string } | null
  /** Tokens of the room relays this (city) Carnet trusts (`CARNET_ROOM_TOKENS`); empty for none. */
  roomTokens: string[]
  /** HTTPS with this certificate and key (PEM files), or null for plain HTTP. */
  tls: { cert: string; key: string } | null
  limits: {
    /** Largest WebSocket frame accepted; larger ones close the socket with 1009. */
    maxMessageBytes: number
    /** Largest stored size of a page; updates past it are refused (4413). */
    maxPageBytes: number
    /** A socket with more than this waiting to be sent is dropped (slow consumer). */
    maxBufferedBytes: number
    /** Messages a socket may send per second, sustained (a token bucket). */
    messagesPerSecond: number
    /** Messages a socket may send in a burst above the sustained rate. */
    messageBurst: number
    /** Bytes a socket may send per second, sustained (a token bucket): bounds the relay's work per socket. */
    bytesPerSecond: number
    /** Bytes a socket may send in a burst above the sustained rate (at least one largest frame). */
    bytesBurst: number
    /** Largest photo accepted, as sent (after the browser resized it). */
    maxImageBytes: number
    /** All photos of one page together. */
    maxPageImagesBytes: number
    /** All photos of the archive together; 0 for no limit. */
    maxImagesBytes: number
    /** Pages held in memory at once; idle ones are unloaded first, then new pages are refused. */
    maxLoadedPages: number
    /** Open sockets from one address (loopback exempt); 0 for no cap. Only stops floods. */
    maxConnectionsPerAddress: number
    /** Browser origins allowed to open sync sockets; empty allows any. */
    allowedOrigins: string[]
    /**
     * Reverse proxies in front of Carnet whose X-Forwarded-For and X-Forwarded-Proto are believed:
     * the client address is the entry the outermost of them wrote (0: the socket's own address).
     */
    trustedProxies: number
  }
  /** The city wiki organisers publish to ("Publier sur le wiki"); null: no wiki, the button is not offered. */
  wiki: {
    /** Its `index.php` address: https://www.wiki-brest.net/index.php. */
    url: string
    /** Its name for the category namespace (the wiki's language): `Catégorie`, `Category`… */
    categoryNamespace: string
  } | null
  imports: {
    /** Largest file `POST /api/import` reads. */
    maxBytes: number
    /** Imports one client address may make per minute (a burst of that many, then one every 60/n seconds). */
    perMinute: number
    /** How long a worker may read one file before it is refused. */
    timeoutMs: number
    /** The memory a worker reading one file may take. */
    maxHeapMb: number
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
  const config = readSettings(env)
  const { maxMessageBytes, bytesBurst } = config.limits
  // Otherwise a frame the socket may send could never fit in its budget.
  if (bytesBurst < maxMessageBytes) throw new ConfigError(`CARNET_BYTES_BURST (${bytesBurst}) must be at least CARNET_MAX_MESSAGE_BYTES (${maxMessageBytes})`)
  return config
}

function readSettings(env: Env): Config {
  return {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST?.trim() || 'localhost',
    dataDir: resolve(env.CARNET_DATA_DIR?.trim() || './data'),
    // The bundle lives in server/dist; the PWA is built into apps/web/dist.
    webDir: resolve(env.CARNET_WEB_DIR?.trim() || builtWebDir()),
    publicUrl: url(env, 'CARNET_PUBLIC_URL', ['http:', 'https:'], 'https://carnet.example.org')?.replace(/\/+$/, '') ?? null,
    sqliteSynchronous: choice(env, 'CARNET_SQLITE_SYNC', ['normal', 'full'] as const, 'normal'),
    sqliteBusyTimeoutMs: integer(env, 'CARNET_SQLITE_BUSY_TIMEOUT_MS', 5_000, 0, 600_000),
    sqliteMaxPages: integer(env, 'CARNET_SQLITE_MAX_PAGES', 0, 0, 2 ** 31 - 1),
    ...cluster(env),
    ...federation(env),
    tls: tls(env),
    logLevel: choice(env, 'CARNET_LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    limits: {
      maxMessageBytes: integer(env, 'CARNET_MAX_MESSAGE_BYTES', 1 * MiB, 1024, 256 * MiB),
      maxPageBytes: integer(env, 'CARNET_MAX_PAGE_BYTES', 32 * MiB, 1024, 4096 * MiB),
      maxBufferedBytes: integer(env, 'CARNET_MAX_BUFFERED_BYTES', 16 * MiB, 64 * 1024, 1024 * MiB),
      messagesPerSecond: integer(env, 'CARNET_MAX_MESSAGES_PER_SECOND', 200, 1, 1_000_000),
      messageBurst: integer(env, 'CARNET_MESSAGE_BURST', 2_000, 1, 10_000_000),
      bytesPerSecond: integer(env, 'CARNET_MAX_BYTES_PER_SECOND', 512 * 1024, 1024, 1024 * MiB),
      bytesBurst: integer(env, 'CARNET_BYTES_BURST', 8 * MiB, 1024, 4096 * MiB),
      maxImageBytes: integer(env, 'CARNET_MAX_IMAGE_BYTES', 8 * MiB, 1024, 256 * MiB),
      maxPageImagesBytes: integer(env, 'CARNET_MAX_PAGE_IMAGES_BYTES', 256 * MiB, 1024, 1024 * 1024 * MiB),
      maxImagesBytes: integer(env, 'CARNET_MAX_IMAGES_BYTES', 0, 0, 1024 * 1024 * 1024 * MiB),
      maxLoadedPages: integer(env, 'CARNET_MAX_LOADED_PAGES', 10_000, 1, 10_000_000),
      maxConnectionsPerAddress: integer(env, 'CARNET_MAX_CONNECTIONS_PER_ADDRESS', 1_000, 0, 10_000_000),
      allowedOrigins: list(env, 'CARNET_ALLOWED_ORIGINS'),
      trustedProxies: proxyHops(env, 'CARNET_TRUST_PROXY'),
    },
    wiki: wiki(env),
    imports: {
      maxBytes: integer(env, 'CARNET_MAX_IMPORT_BYTES', 16 * MiB, 1024, 256 * MiB),
      perMinute: integer(env, 'CARNET_IMPORTS_PER_MINUTE', 20, 1, 100_000),
      timeoutMs: integer(env, 'CARNET_IMPORT_TIMEOUT_MS', 30_000, 100, 600_000),
      maxHeapMb: integer(env, 'CARNET_IMPORT_MAX_HEAP_MB', 512, 32, 16_384),
    },
    relay: {
      compactAfterUpdates: integer(env, 'CARNET_COMPACT_AFTER_UPDATES', 500, 1, 10_000_000),
      unloadAfterMs: integer(env, 'CARNET_UNLOAD_AFTER_MS', 5_000, 0, 24 * 3600_000),
      pingIntervalMs: integer(env, 'CARNET_PING_INTERVAL_MS', 30_000, 100, 3600_000),
      historyIntervalMs: integer(env, 'CARNET_HISTORY_INTERVAL_MS', 5 * 60_000, 100, 24 * 3600_000),
    },
  }
}

function cluster(env: Env): Pick<Config, 'databaseUrl' | 'databasePoolSize' | 'redisUrl' | 'redisPrefix'> {
  const databaseUrl = url(env, 'CARNET_DATABASE_URL', ['postgres:', 'postgresql:'], 'postgres://user:password@host:5432/carnet')
  const redisUrl = url(env, 'CARNET_REDIS_URL', ['redis:', 'rediss:'], 'redis://host:6379')
  // Several processes sharing one SQLite file would each keep pages in memory that the others
  // write behind their back: fan-out only makes sense over a shared archive.
  if (redisUrl && !databaseUrl) {
    throw new ConfigError('CARNET_REDIS_URL needs CARNET_DATABASE_URL: several relay processes must share one PostgreSQL archive')
  }
  const redisPrefix = env.CARNET_REDIS_PREFIX?.trim() || 'carnet:'
  if (!/^[\w:.-]{1,64}$/.test(redisPrefix)) throw new ConfigError(`CARNET_REDIS_PREFIX=${redisPrefix} must be 1 to 64 letters, digits, or _ : . -`)
  return {
    databaseUrl,
    databasePoolSize: integer(env, 'CARNET_DATABASE_POOL_SIZE', 10, 1, 1000),
    redisUrl,
    redisPrefix,
  }
}

function tls(env: Env): Config['tls'] {
  const cert = env.CARNET_TLS_CERT?.trim()
  const key = env.CARNET_TLS_KEY?.trim()
  if (!cert && !key) return null
  if (!cert || !key) throw new ConfigError('CARNET_TLS_CERT and CARNET_TLS_KEY go together: the certificate and its private key (PEM files)')
  for (const [name, file] of [['CARNET_TLS_CERT', cert], ['CARNET_TLS_KEY', key]] as const) {
    if (!existsSync(file)) throw new ConfigError(`${name}=${file}: no such file`)
  }
  return { cert: resolve(cert), key: resolve(key) }
}

/** A token one side of the federation presents: long enough not to be guessed. */
const MIN_TOKEN_LENGTH = 16

function federation(env: Env): Pick<Config, 'upstream' | 'roomTokens'> {
  const upstreamUrl = url(env, 'CARNET_UPSTREAM_URL', ['http:', 'https:'], 'https://carnet.example.org')
  const token = env.CARNET_UPSTREAM_TOKEN?.trim() ?? ''
  if (upstreamUrl && !token) throw new ConfigError('CARNET_UPSTREAM_URL needs CARNET_UPSTREAM_TOKEN: the token the city gave this room relay')
  if (token && !upstreamUrl) throw new ConfigError('CARNET_UPSTREAM_TOKEN is set without CARNET_UPSTREAM_URL (the city Carnet’s address)')
  if (token && token.length < MIN_TOKEN_LENGTH) throw new ConfigError(`CARNET_UPSTREAM_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters`)
  const roomTokens = (env.CARNET_ROOM_TOKENS ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0)
  const short = roomTokens.find((t) => t.length < MIN_TOKEN_LENGTH)
  if (short !== undefined) throw new ConfigError(`CARNET_ROOM_TOKENS: every token must be at least ${MIN_TOKEN_LENGTH} characters`)
  return { upstream: upstreamUrl ? { url: upstreamUrl.replace(/\/+$/, ''), token } : null, roomTokens }
}

function wiki(env: Env): Config['wiki'] {
  const categoryNamespace = env.CARNET_WIKI_CATEGORY?.trim() || 'Catégorie'
  if (!/^[^\s:#<>[\]{}|][^:#<>[\]{}|]{0,63}$/u.test(categoryNamespace)) {
    throw new ConfigError(`CARNET_WIKI_CATEGORY=${categoryNamespace} is not a namespace name like Catégorie or Category`)
  }
  const address = url(env, 'CARNET_WIKI_URL', ['http:', 'https:'], 'https://www.wiki-brest.net/index.php')
  if (!address) return null
  const parsed = new URL(address)
  if (parsed.search || parsed.hash || !parsed.pathname.endsWith('.php')) {
    throw new ConfigError('CARNET_WIKI_URL must be the wiki\'s index.php address, without ?… or #… (like https://www.wiki-brest.net/index.php)')
  }
  return { url: address, categoryNamespace }
}

function url(env: Env, name: string, protocols: string[], example: string): string | null {
  const raw = env[name]?.trim()
  if (!raw) return null
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new ConfigError(`${name} is not a URL like ${example}`)
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')} (like ${example})`)
  return raw
}


/**
 * The built PWA next to this bundle: server/dist/ (or one of its chunks in server/dist/chunks/)
 * is two or three levels below the repository's root, which holds apps/web/dist.
 */
function builtWebDir(): string {
  let dir = fileURLToPath(new URL('.', import.meta.url))
  for (let up = 0; up < 4; up++) {
    const candidate = resolve(dir, 'apps/web/dist')
    if (existsSync(candidate)) return candidate
    dir = resolve(dir, '..')
  }
  return resolve(fileURLToPath(new URL('.', import.meta.url)), '../../apps/web/dist')
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

function list(env: Env, name: string): string[] {
  const raw = env[name]?.trim()
  if (!raw) return []
  return raw.split(',').map((item) => {
    const value = item.trim().replace(/\/+$/, '')
    if (!/^https?:\/\/[^/\s]+$/.test(value)) throw new ConfigError(`${name}: "${value}" is not an origin like https://carnet.example.org`)
    return value
  })
}

/** How many proxies to trust: a count, or yes/no for one or none. */
function proxyHops(env: Env, name: string): number {
  const raw = env[name]?.trim().toLowerCase()
  if (raw === 'true' || raw === 'yes') return 1
  if (raw === 'false' || raw === 'no') return 0
  if (raw && !/^\d+$/.test(raw)) throw new ConfigError(`${name}=${raw} is not the number of proxies in front of Carnet (0, 1, 2…)`)
  return integer(env, name, 0, 0, 10)
}

function choice<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim().toLowerCase()
  if (!raw) return fallback
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name}=${raw} is not one of ${allowed.join(', ')}`)
  }
  return raw as T
}
