import { describe, expect, it } from 'vitest'
import { ConfigError, readConfig } from './config.js'

describe('readConfig', () => {
  it('has the documented defaults', () => {
    const config = readConfig({})
    expect(config.port).toBe(8080)
    expect(config.host).toBe('localhost')
    expect(config.dataDir).toMatch(/\/data$/)
    expect(config.sqliteSynchronous).toBe('normal')
    expect(config.limits.maxMessageBytes).toBe(1024 * 1024)
    expect(config.relay.historyIntervalMs).toBe(300_000)
  })

  it('reads the environment', () => {
    const config = readConfig({ PORT: '9000', HOST: '0.0.0.0', CARNET_DATA_DIR: '/tmp/x', CARNET_SQLITE_SYNC: 'FULL' })
    expect(config).toMatchObject({ port: 9000, host: '0.0.0.0', dataDir: '/tmp/x', sqliteSynchronous: 'full' })
  })

  it('reads the public address exports link to, without a trailing slash', () => {
    expect(readConfig({}).publicUrl).toBeNull()
    expect(readConfig({ CARNET_PUBLIC_URL: 'https://carnet.example.org/' }).publicUrl).toBe('https://carnet.example.org')
    expect(() => readConfig({ CARNET_PUBLIC_URL: 'carnet.example.org' })).toThrow(/CARNET_PUBLIC_URL/)
  })

  it('reads the city wiki organisers publish to, and its category namespace', () => {
    expect(readConfig({}).wiki).toBeNull()
    expect(readConfig({ CARNET_WIKI_URL: 'https://www.wiki-brest.net/index.php' }).wiki).toEqual({ url: 'https://www.wiki-brest.net/index.php', categoryNamespace: 'Catégorie' })
    expect(readConfig({ CARNET_WIKI_URL: 'http://127.0.0.1:8931/index.php', CARNET_WIKI_CATEGORY: 'Category' }).wiki?.categoryNamespace).toBe('Category')
    expect(() => readConfig({ CARNET_WIKI_URL: 'https://www.wiki-brest.net/wiki/Accueil' })).toThrow(/CARNET_WIKI_URL must be the wiki's index.php/)
    expect(() => readConfig({ CARNET_WIKI_URL: 'https://www.wiki-brest.net/index.php?title=x' })).toThrow(/CARNET_WIKI_URL/)
    expect(() => readConfig({ CARNET_WIKI_URL: 'javascript:alert(1)' })).toThrow(/CARNET_WIKI_URL/)
    expect(() => readConfig({ CARNET_WIKI_CATEGORY: 'Caté:gorie' })).toThrow(/CARNET_WIKI_CATEGORY/)
  })

  it('limits imports by size and by client', () => {
    expect(readConfig({}).imports).toEqual({ maxBytes: 16 * 1024 * 1024, perMinute: 20, timeoutMs: 30_000, maxHeapMb: 512 })
    expect(readConfig({ CARNET_MAX_IMPORT_BYTES: '2048', CARNET_IMPORTS_PER_MINUTE: '2', CARNET_IMPORT_TIMEOUT_MS: '1000', CARNET_IMPORT_MAX_HEAP_MB: '64' }).imports).toEqual({ maxBytes: 2048, perMinute: 2, timeoutMs: 1000, maxHeapMb: 64 })
  })

  it('names the variable that is wrong', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(ConfigError)
    expect(() => readConfig({ PORT: '70000' })).toThrow(/PORT=70000/)
    expect(() => readConfig({ CARNET_SQLITE_SYNC: 'sometimes' })).toThrow(/CARNET_SQLITE_SYNC/)
    expect(() => readConfig({ CARNET_HISTORY_INTERVAL_MS: '5' })).toThrow(/CARNET_HISTORY_INTERVAL_MS=5/)
  })

  it('chooses the archive and the fan-out, and refuses Redis without PostgreSQL', () => {
    expect(readConfig({})).toMatchObject({ databaseUrl: null, redisUrl: null, redisPrefix: 'carnet:', databasePoolSize: 10 })
    const city = readConfig({ CARNET_DATABASE_URL: 'postgres://carnet:secret@db:5432/carnet', CARNET_REDIS_URL: 'redis://cache:6379' })
    expect(city).toMatchObject({ databaseUrl: 'postgres://carnet:secret@db:5432/carnet', redisUrl: 'redis://cache:6379' })
    expect(() => readConfig({ CARNET_REDIS_URL: 'redis://cache:6379' })).toThrow(/CARNET_REDIS_URL needs CARNET_DATABASE_URL/)
    expect(() => readConfig({ CARNET_DATABASE_URL: 'mysql://db/carnet' })).toThrow(/CARNET_DATABASE_URL must start with postgres:\/\//)
    expect(() => readConfig({ CARNET_DATABASE_URL: 'not a url' })).toThrow(/CARNET_DATABASE_URL is not a URL/)
    expect(() => readConfig({ CARNET_DATABASE_URL: 'postgres://db/c', CARNET_REDIS_URL: 'http://cache' })).toThrow(/CARNET_REDIS_URL must start with redis:\/\//)
    expect(() => readConfig({ CARNET_REDIS_PREFIX: 'a b' })).toThrow(/CARNET_REDIS_PREFIX/)
  })
})
