// City scale: three relay processes share one PostgreSQL archive and fan out through Redis, behind
// a load balancer without sticky sessions (tests/support/tcp-balancer.ts). 30 stock clients on 5
// pages, spread over the three processes: every page converges and every client sees the others'
// awareness, and rights changed through one process hold on the others (one claim wins when two
// keys race on two processes); one process killed with kill -9: its clients come back through the balancer to the
// others and nothing is lost; Redis killed and started again: the fan-out resumes by itself (no
// client reconnects, the processes catch up from the archive); two processes compacting one page
// under load lose nothing. The checks read the archive itself, through PostgresStore. The test waits
// on events and metrics, never on the clock; the writers' typing rhythm is random, from a seed
// (CLUSTER_SEED replays it), printed when a test fails.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import * as Y from 'yjs'
import { encodeAccessRequest, newEditKey, newPageId, parseRelayFrame } from '@carnet/core'
import { PostgresStore } from '../../server/src/archive/postgres-store.js'
import { encodePeerMessage } from '../../server/src/cluster/peer-message.js'
import { spawnSync } from 'node:child_process'
import { hashEditKey } from '../../server/src/relay/page-rights.js'
import { startRelay, type RelayProcess } from '../support/relay-process.js'
import { metricValue } from '../support/metrics.js'
import { prng, seedFromEnv } from '../support/prng.js'
import { rawSocket } from '../support/raw-socket.js'
import { addParagraph, bodyText, stockClient, type StockClient } from '../support/stock-client.js'
import { waitFor } from '../support/wait.js'
import { until } from '../support/until.js'
import { getJson } from '../support/http.js'
import { freshDatabase, type TestDatabase } from '../support/postgres.js'
import { startRedisServer, type RedisServer } from '../support/redis-server.js'
import { startBalancer, type Balancer } from '../support/tcp-balancer.js'
import { redisServerBinary, testDatabaseUrl } from '../support/services.js'

const databaseServer = testDatabaseUrl()
const redisBinary = redisServerBinary()

const PROCESSES = 3
const PAGES = 5
const PER_PAGE = 6
const MARKER = /\[\d\d\.\d{4}\]/g
const SEED = seedFromEnv('CLUSTER_SEED')
const rng = prng(SEED)

interface Writer {
  index: number
  pageId: string
  client: StockClient
  markers: string[]
  /** Times its provider reported a new connection (a reconnect after the first). */
  connections: number
}

let db: TestDatabase
let redis: RedisServer
let relays: RelayProcess[] = []
let balancer: Balancer
let archive: PostgresStore
let redisPrefix = ''
const writers: Writer[] = []
const extra: StockClient[] = []
const pages = Array.from({ length: PAGES }, (_, i) => newPageId(`ville-${i}`))

function relayEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    CARNET_DATABASE_URL: db.url,
    CARNET_DATABASE_POOL_SIZE: '4',
    CARNET_REDIS_URL: redis.url,
    CARNET_REDIS_PREFIX: `test-${randomBytes(3).toString('hex')}:`,
    // Compactions often, so they race the writes and each other all along.
    CARNET_COMPACT_AFTER_UPDATES: '20',
    CARNET_LOG_LEVEL: 'debug',
    ...overrides,
  }
}

function writer(index: number, pageId: string, syncUrl: string): Writer {
  const client = stockClient(syncUrl, pageId, { name: `w${index}` })
  const w: Writer = { index, pageId, client, markers: [], connections: 0 }
  client.provider.on('status', ({ status }: { status: string }) => {
    if (status === 'connected') w.connections++
  })
  writers.push(w)
  return w
}

function edit(w: Writer): void {
  const marker = `[${String(w.index).padStart(2, '0')}.${String(w.markers.length).padStart(4, '0')}]`
  w.markers.push(marker)
  addParagraph(w.client.doc, marker)
}

function markersIn(text: string): string[] {
  return (text.match(MARKER) ?? []).sort()
}

function expectedMarkers(pageId: string): string[] {
  return writers.filter((w) => w.pageId === pageId).flatMap((w) => w.markers).sort()
}

/** Every client of the page holds every marker of every writer of the page, exactly once. */
async function converged(pageId: string, timeoutMs = 30_000): Promise<void> {
  const mine = writers.filter((w) => w.pageId === pageId)
  const expected = expectedMarkers(pageId).join()
  await waitFor(() => mine.every((w) => markersIn(w.client.text()).join() === expected), {
    what: `every client of ${pageId} holding its ${expected.split(',').length} markers`,
    timeoutMs,
    on: mine.map((w) => [w.client.doc, 'update'] as [Y.Doc, string]),
  })
  const texts = new Set(mine.map((w) => w.client.text()))
  expect(texts.size, `clients of ${pageId} hold the same text`).toBe(1)
}

/** The archive rebuilt as a relay loads it holds every marker of the page. */
async function archived(pageId: string): Promise<void> {
  const expected = expectedMarkers(pageId).join()
  await until(
    async () => {
      const stored = await archive.loadPage(pageId)
      const doc = new Y.Doc()
      if (stored?.snapshot) Y.applyUpdate(doc, stored.snapshot)
      for (const update of stored?.updates ?? []) Y.applyUpdate(doc, update)
      return markersIn(bodyText(doc)).join() === expected ? true : undefined
    },
    { what: `the archive holding every marker of ${pageId}`, timeoutMs: 10_000 },
  )
}

async function connectionsOf(relay: RelayProcess): Promise<number> {
  return (await getJson<{ connections: number }>(`${relay.httpUrl}/healthz`)).body.connections
}

/** Each writer edits every `min`–`max` ms (its typing rhythm, from the seed) until stopped. */
function keepEditing(among: Writer[], [min, max]: [number, number] = [40, 100]): () => void {
  const timers = new Map<Writer, NodeJS.Timeout>()
  const rhythms = new Map(among.map((w) => [w, rng.fork()]))
  const loop = (w: Writer) => {
    timers.set(
      w,
      setTimeout(() => {
        edit(w)
        loop(w)
      }, rhythms.get(w)!.int(min, max)),
    )
  }
  for (const w of among) loop(w)
  return () => {
    for (const timer of timers.values()) clearTimeout(timer)
  }
}

/** Until each of `among` has made `count` more edits than it had made when this was called. */
function editsMade(among: Writer[], count: number): Promise<void> {
  const before = new Map(among.map((w) => [w, w.markers.length]))
  return waitFor(() => among.every((w) => w.markers.length >= before.get(w)! + count), {
    what: `each of ${among.length} writers making ${count} more edits`,
    on: among.map((w) => [w.client.doc, 'update'] as [Y.Doc, string]),
  })
}

/** Until `relay` has told a Carnet client (a socket of its own, `carnet=1`) that `pageId` is open to all. */
async function seenOpenToAll(relay: RelayProcess, pageId: string): Promise<void> {
  const socket = rawSocket(`${relay.syncUrl}/${pageId}?carnet=1`)
  try {
    await waitFor(() => socket.received.some((frame) => { const f = parseRelayFrame(frame); return f?.kind === 'access' && f.state.openToAll }), {
      what: `the process on port ${relay.port} knowing ${pageId} is open to all`,
      on: [[socket.ws, 'message']],
    })
  } finally {
    socket.ws.close()
  }
}

/** Until `relay`'s fan-out reports itself connected (1) or reconnecting (0) on /metrics. */
function fanoutConnected(relay: RelayProcess, connected: boolean): Promise<true> {
  return until(async () => ((await metricValue(relay.httpUrl, 'carnet_fanout_connected')) === (connected ? 1 : 0) ? true : undefined), {
    what: `carnet_fanout_connected ${connected ? 1 : 0} on port ${relay.port}`,
  })
}

/** Until `relay` has stored `count` more updates than it had when this was called (carnet_updates_total). */
async function updatesStored(relay: RelayProcess, count: number): Promise<() => Promise<true>> {
  const before = await metricValue(relay.httpUrl, 'carnet_updates_total')
  return () =>
    until(async () => ((await metricValue(relay.httpUrl, 'carnet_updates_total')) >= before + count ? true : undefined), {
      what: `${count} more updates stored by the process on port ${relay.port}`,
      timeoutMs: 30_000,
    })
}

describe.skipIf(!databaseServer || !redisBinary)('city scale: three relay processes on PostgreSQL and Redis', () => {
  beforeAll(async () => {
    db = await freshDatabase(databaseServer!, 'cluster')
    redis = await startRedisServer(redisBinary!)
    // Started together: their schema migrations race, and one waits for the other.
    const env = relayEnv()
    redisPrefix = env.CARNET_REDIS_PREFIX!
    relays = await Promise.all(Array.from({ length: PROCESSES }, () => startRelay({ env })))
    balancer = await startBalancer(relays.map((relay) => relay.port))
    archive = await PostgresStore.open(db.url, { poolSize: 2 })
  }, 60_000)

  afterEach(({ task }) => {
    if (task.result?.state === 'fail') console.info(`cluster: seed ${SEED} (replay with CLUSTER_SEED=${SEED})`)
  })

  afterAll(async () => {
    for (const w of writers.splice(0)) w.client.destroy()
    for (const c of extra.splice(0)) c.destroy()
    for (const relay of relays) if (relay.child.exitCode === null) await relay.crash()
    await balancer?.close()
    await redis?.stop()
    await archive?.close()
    await db?.drop()
  })

  it('spreads 30 stock clients over the three processes, and every page converges', async () => {
    for (let i = 0; i < PAGES * PER_PAGE; i++) writer(i, pages[Math.floor(i / PER_PAGE)]!, balancer.syncUrl)
    await Promise.all(writers.map((w) => w.client.synced()))
    // Round robin without stickiness: ten each, and each page's six clients on all three.
    expect(relays.map((relay) => balancer.handedTo.get(relay.port))).toEqual([10, 10, 10])
    expect(await Promise.all(relays.map(connectionsOf))).toEqual([10, 10, 10])
    // Five edits each, at the writers' own random rhythms, while the others write.
    const stop = keepEditing(writers, [0, 30])
    await editsMade(writers, 5)
    stop()
    for (const pageId of pages) await converged(pageId)
    for (const pageId of pages) await archived(pageId)
  })

  it('shows every client the awareness of the clients on the other processes, and their leaving', async () => {
    for (const w of writers) {
      const names = writers.filter((o) => o.pageId === w.pageId).map((o) => `w${o.index}`).sort()
      const seen = () => [...w.client.provider.awareness.getStates().values()].map((s) => (s.user as { name?: string } | undefined)?.name ?? '').filter(Boolean).sort()
      await waitFor(() => seen().join() === names.join(), { what: `w${w.index} seeing ${names.join(' ')}`, on: [[w.client.provider.awareness, 'change']] })
    }
    // A visitor comes (through the balancer, on any process) and goes: everyone sees both.
    const page0 = writers.filter((w) => w.pageId === pages[0])
    const visitor = stockClient(balancer.syncUrl, pages[0]!, { name: 'visiteuse' })
    extra.push(visitor)
    const seesVisitor = (w: Writer) => [...w.client.provider.awareness.getStates().values()].some((s) => (s.user as { name?: string } | undefined)?.name === 'visiteuse')
    for (const w of page0) await waitFor(() => seesVisitor(w), { what: `w${w.index} seeing the visitor`, on: [[w.client.provider.awareness, 'change']] })
    visitor.destroy()
    extra.splice(extra.indexOf(visitor), 1)
    for (const w of page0) await waitFor(() => !seesVisitor(w), { what: `w${w.index} seeing the visitor leave`, on: [[w.client.provider.awareness, 'change']] })
  })

  it('carries rights across processes: close, reopen, open to all, and one claim out of two racing', async () => {
    const [a, b, c] = relays as [RelayProcess, RelayProcess, RelayProcess]
    const clients: StockClient[] = []
    const client = (relay: RelayProcess, pageId: string, key?: string) => {
      const made = stockClient(relay.syncUrl, pageId, { params: key ? { k: key } : {} })
      clients.push(made)
      extra.push(made)
      return made
    }
    try {
      const pageId = newPageId('droits')
      const key = newEditKey()
      const owner = client(a, pageId, key)
      const other = client(b, pageId, key)
      const reader = client(c, pageId)
      await Promise.all([owner, other, reader].map((x) => x.synced()))
      addParagraph(owner.doc, 'Avant la clôture')
      await waitFor(() => other.text() === 'Avant la clôture' && reader.text() === 'Avant la clôture', { what: 'everyone reads' })

      // Closed through process a: process b refuses its own client at once.
      owner.provider.ws!.send(encodeAccessRequest({ action: 'close' }))
      await waitFor(() => other.doc.getMap('meta').get('closed') === true, { what: 'closed flag on b', on: [[other.doc, 'update']] })
      const refused = other.nextRefusal()
      addParagraph(other.doc, 'écrit après la clôture')
      expect(await refused, 'b refusing a write to the closed page').toMatch(/closed/)
      // Reopened through process b, opened to all through a: the reader on c may write.
      other.provider.ws!.send(encodeAccessRequest({ action: 'reopen' }))
      await waitFor(() => owner.doc.getMap('meta').get('closed') === false, { what: 'reopened on a', on: [[owner.doc, 'update']] })
      owner.provider.ws!.send(encodeAccessRequest({ action: 'open-to-all', open: true }))
      await until(async () => ((await archive.getAccess(pageId))?.openToAll ? true : undefined), { what: 'open to all stored' })
      await seenOpenToAll(c, pageId)
      addParagraph(reader.doc, 'écrit par tout le monde')
      await waitFor(() => owner.text().includes('écrit par tout le monde'), { what: 'the reader’s text through c reaching a', on: [[owner.doc, 'update']] })
      expect(await archive.getAccess(pageId)).toEqual({ keyHash: hashEditKey(key), openToAll: true, closed: false })

      // Two keys claim a new page at the same moment through two processes: one claim holds.
      const raced = newPageId('claim')
      const [firstKey, secondKey] = [newEditKey(), newEditKey()]
      const first = client(a, raced, firstKey)
      const second = client(b, raced, secondKey)
      addParagraph(first.doc, 'par la première clé')
      addParagraph(second.doc, 'par la seconde clé')
      await Promise.all([first.synced(), second.synced()])
      const rows = await db.query<{ key_hash: string }>('SELECT key_hash FROM page_access WHERE page_id = $1', [raced])
      expect(rows).toHaveLength(1)
      const firstWon = rows[0]!.key_hash === hashEditKey(firstKey)
      expect(rows[0]!.key_hash).toBe(hashEditKey(firstWon ? firstKey : secondKey))
      const [winner, loser] = firstWon ? [first, second] : [second, first]
      const [won, lost] = firstWon ? ['par la première clé', 'par la seconde clé'] : ['par la seconde clé', 'par la première clé']
      await waitFor(() => loser.refusals.some((reason) => /wrong edit key/.test(reason)), { what: 'the losing key told it is wrong' })
      const witness = client(c, raced)
      await waitFor(() => witness.text().includes(won), { what: 'the winning text everywhere', on: [[witness.doc, 'update']] })
      addParagraph(winner.doc, 'encore')
      await waitFor(() => witness.text().includes('encore'), { what: 'the winner still writing', on: [[witness.doc, 'update']] })
      expect(witness.text()).not.toContain(lost)
      const stored = await archive.loadPage(raced)
      const doc = new Y.Doc()
      for (const update of [...(stored?.snapshot ? [stored.snapshot] : []), ...(stored?.updates ?? [])]) Y.applyUpdate(doc, update)
      expect(bodyText(doc)).not.toContain(lost)
    } finally {
      for (const made of clients) {
        made.destroy()
        extra.splice(extra.indexOf(made), 1)
      }
    }
  })

  it('loses nothing when a process is killed with kill -9: its clients come back through the balancer', async () => {
    const stop = keepEditing(writers)
    await editsMade(writers, 5)
    await relays[1]!.crash()
    // Its clients write on while they are cut off, come back through the balancer, and write on.
    await editsMade(writers, 3)
    await waitFor(() => writers.every((w) => w.client.provider.wsconnected), { what: 'every client connected again' })
    const survivors = [relays[0]!, relays[2]!]
    await until(async () => ((await Promise.all(survivors.map(connectionsOf))).reduce((a, b) => a + b) === 30 ? true : undefined), {
      what: 'the 30 clients on the two surviving processes',
    })
    await editsMade(writers, 3)
    stop()
    for (const pageId of pages) await converged(pageId)
    for (const pageId of pages) await archived(pageId)
  }, 90_000)

  it('resumes the fan-out by itself when Redis is killed and started again', async () => {
    const survivors = [relays[0]!, relays[2]!]
    const reconnectsBefore = writers.map((w) => w.connections)
    await redis.kill()
    for (const relay of survivors) await fanoutConnected(relay, false)
    // Written while Redis is away: stored (the archive holds them before Redis is back), and seen
    // at once by the clients of the same process only.
    for (const w of writers) edit(w)
    for (const pageId of pages) await archived(pageId)
    await redis.start()
    for (const relay of survivors) await fanoutConnected(relay, true)
    for (const pageId of pages) await converged(pageId)
    // No client had to reconnect: the processes caught up from the archive themselves.
    expect(writers.map((w) => w.connections)).toEqual(reconnectsBefore)
    // And live again: new edits go across processes at once.
    for (const w of writers) edit(w)
    for (const pageId of pages) await converged(pageId)
    for (const pageId of pages) await archived(pageId)
    for (const relay of survivors) {
      const health = await getJson<{ fanout: string }>(`${relay.httpUrl}/healthz`)
      expect(health.body.fanout).toBe('connected')
      expect(await (await fetch(`${relay.httpUrl}/metrics`)).text()).toMatch(/^carnet_fanout_connected 1$/m)
    }
  }, 90_000)

  it('fills a gap in another process’s changes from the archive (a publication that never arrived)', async () => {
    const relay = relays.find((r) => r.child.exitCode === null)!
    const pageId = newPageId('trou')
    const reader = stockClient(relay.syncUrl, pageId)
    extra.push(reader)
    await reader.synced()
    // Another process (played by the test) stores two changes; only the second one's publication arrives.
    const other = new Y.Doc()
    const updates: Uint8Array[] = []
    other.on('update', (update: Uint8Array) => updates.push(update))
    addParagraph(other, 'Premier paragraphe, jamais annoncé.')
    addParagraph(other, 'Second paragraphe, annoncé.')
    await archive.appendUpdates(pageId, updates, Date.now())
    const message = Buffer.from(encodePeerMessage('a-process-of-the-test', { kind: 'updates', updates: [updates[1]!] }))
    const published = spawnSync('redis-cli', ['-u', redis.url, '-x', 'PUBLISH', `${redisPrefix}page:${pageId}`], { input: message })
    expect(String(published.stdout).trim(), 'subscribers that heard it').toBe('1')
    await waitFor(() => reader.text() === 'Premier paragraphe, jamais annoncé.\nSecond paragraphe, annoncé.', {
      what: 'the reader holding both paragraphs',
      on: [[reader.doc, 'update']],
    })
  })

  it('loses nothing when two processes compact the same page under load', async () => {
    const pageId = newPageId('course')
    const [a, b] = [relays[0]!, relays[2]!]
    const racers = [0, 1, 2, 3].map((k) => writer(40 + k, pageId, (k % 2 === 0 ? a : b).syncUrl))
    await Promise.all(racers.map((w) => w.client.synced()))
    // Each process stores 400 updates of the page (a compaction tried every 20): they race all along.
    const stored = await Promise.all([a, b].map((relay) => updatesStored(relay, 400)))
    const stop = keepEditing(racers, [5, 20])
    await Promise.all(stored.map((done) => done()))
    stop()
    await converged(pageId)
    await archived(pageId)
    const edits = racers.reduce((sum, w) => sum + w.markers.length, 0)
    const [rows] = await db.query<{ updates: number; snapshots: number }>(
      'SELECT (SELECT count(*)::int FROM updates WHERE page_id = $1) AS updates, (SELECT count(*)::int FROM snapshots WHERE page_id = $1) AS snapshots',
      [pageId],
    )
    expect(rows!.snapshots).toBe(1)
    expect(rows!.updates).toBeLessThan(edits)
    // Both processes went for it; the lease or the page's lock let one at a time do it.
    const tried = [a, b].map((relay) => {
      const attempts = relay.logs.filter((entry) => entry.pageId === pageId && /^(page compacted|compaction left)/.test(String(entry.msg)))
      return { compacted: attempts.filter((entry) => entry.msg === 'page compacted').length, leftToOther: attempts.filter((entry) => entry.msg !== 'page compacted').length }
    })
    console.info(`compaction race: ${edits} edits, ${rows!.updates} rows left; by process: ${JSON.stringify(tried)}`)
    for (const [i, { compacted, leftToOther }] of tried.entries()) expect(compacted + leftToOther, `compactions tried by process ${i}`).toBeGreaterThan(0)
  }, 60_000)
})
