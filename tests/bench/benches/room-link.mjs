// 12. A room relay linked to the city's: (a) catching up after an outage — the link is cut, 20
// writers in the room and 20 at the city type what ten minutes of a meeting hold (each writer
// 1,200 keystrokes: two a second for 600 s, sent as fast as each socket's budget allows rather
// than in real time: what the catch-up has to carry is the same), on 5 pages; then the link comes
// back, and we time until every observer on both sides holds every keystroke. (b) The room's
// fan-out with the link up, against the same room relay with no link (bench 1's job, 100 clients).
// Carnet only: the stock server has no link to measure against.
import { createConnection, createServer } from 'node:net'
import { randomBytes } from 'node:crypto'
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as syncProtocol from 'y-protocols/sync'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import { LoadRun } from '../load/run-load.mjs'
import { typingScript } from '../lib/page-doc.mjs'
import { progress } from '../lib/log.mjs'
import { pollUntil, sleep } from '../lib/wait.mjs'
import { httpGet } from '../lib/net.mjs'

/** @type {import('../lib/results.mjs').BenchSpec} */
export const spec = {
  name: 'roomlink',
  title: '12. A room relay linked to the city (catch-up after an outage; fan-out with the link up)',
  about:
    'Catch-up: link cut, 20 writers in the room and 20 at the city type 1,200 keystrokes each (ten minutes of a meeting at two a second) on 5 pages; link restored; time until an observer of every page on each side holds every keystroke. Fan-out: bench 1 (100 clients, 20 keystrokes/s) on the room relay, linked to a city relay or alone; ratio = linked ÷ alone.',
  params: ['what'],
  metrics: ['keystrokes', 'catch_up_ms', 'p50_ms', 'p99_ms', 'max_ms', 'linked_over_alone_p99'],
  ratioMetrics: [],
  floorIgnoresParams: true,
}

const PAGES = 5
const WRITERS_PER_SIDE = 20
const KEYSTROKES = 1_200

/** @param {import('../run.mjs').Context} ctx */
export async function run(ctx) {
  const carnet = ctx.contenders.find((c) => c.name === 'carnet')
  if (!carnet) return
  const keystrokes = ctx.quick ? 120 : KEYSTROKES
  const token = randomBytes(24).toString('hex')
  progress(`roomlink: catch-up after an outage, ${WRITERS_PER_SIDE * 2} writers × ${keystrokes} keystrokes`)
  await ctx.settle('roomlink', 'catch-up')
  const city = await carnet.start({ dataDir: ctx.tmpDir('roomlink-city'), env: { CARNET_ROOM_TOKENS: token } })
  const proxy = await cuttableProxy(city.port)
  const room = await carnet.start({ dataDir: ctx.tmpDir('roomlink-room'), env: { CARNET_UPSTREAM_URL: `http://127.0.0.1:${proxy.port}`, CARNET_UPSTREAM_TOKEN: token } })
  try {
    await linkState(room.httpBase, 'linked')
    const pages = Array.from({ length: PAGES }, (_, i) => `roomlink-${i}-${randomBytes(3).toString('hex')}`)
    const observers = [...pages.map((page) => new Observer(carnet.roomUrl(room.base, page))), ...pages.map((page) => new Observer(carnet.roomUrl(city.base, page)))]
    await Promise.all(observers.map((o) => o.open()))
    proxy.cut()
    await linkState(room.httpBase, 'cut')
    // Writers: in the room, ids 1..20; at the city, 101..120; four per page per side.
    /** @type {{ url: string, page: string, script: ReturnType<typeof typingScript> }[]} */
    const writers = []
    for (let w = 0; w < WRITERS_PER_SIDE * 2; w++) {
      const inRoom = w < WRITERS_PER_SIDE
      const page = pages[w % PAGES]
      const base = inRoom ? room.base : city.base
      writers.push({ url: carnet.roomUrl(base, page), page, script: typingScript({ clientID: (inRoom ? 1 : 101) + (w % WRITERS_PER_SIDE), count: keystrokes }) })
    }
    await Promise.all(writers.map((writer) => typeAll(writer.url, writer.script)))
    const expected = new Map(pages.map((page) => [page, writers.filter((w) => w.page === page).map((w) => w.script)]))
    // Each side has its own writers' keystrokes; none of the other side's.
    await pollUntil(() => observers.every((o, i) => holdsSide(o, expected.get(pages[i % PAGES] ?? "") ?? [], i < PAGES)), { timeoutMs: 300_000, intervalMs: 50, what: 'each side holding its own writers’ keystrokes' })
    const restored = performance.now()
    proxy.restore()
    await pollUntil(() => observers.every((o, i) => holdsAll(o, expected.get(pages[i % PAGES] ?? "") ?? [])), { timeoutMs: 300_000, intervalMs: 10, what: 'both sides holding every keystroke' })
    const catchUp = performance.now() - restored
    ctx.results.add({ bench: 'roomlink', server: 'carnet', what: 'catch-up after an outage', keystrokes: writers.length * keystrokes, catch_up_ms: catchUp })
    for (const o of observers) o.close()
  } finally {
    await room.stop()
    await city.stop()
    proxy.close()
  }

  // Fan-out in the room, linked and alone.
  /** @type {Record<string, number>} */
  const p99 = {}
  const clients = ctx.quick ? 50 : 100
  const updates = ctx.quick ? 30 : Math.ceil(2000 / (clients - 1) / 0.9) + 1
  for (const linked of [false, true]) {
    const what = linked ? `fan-out ${clients}, linked` : `fan-out ${clients}, alone`
    progress(`roomlink: ${what}`)
    await ctx.settle('roomlink', what)
    const cityRelay = linked ? await carnet.start({ dataDir: ctx.tmpDir('roomlink-fan-city'), env: { CARNET_ROOM_TOKENS: token } }) : null
    const server = await carnet.start({
      dataDir: ctx.tmpDir('roomlink-fan'),
      env: cityRelay ? { CARNET_UPSTREAM_URL: cityRelay.httpBase, CARNET_UPSTREAM_TOKEN: token } : {},
    })
    /** @type {LoadRun | null} */
    let load = null
    try {
      if (cityRelay) await linkState(server.httpBase, 'linked')
      load = new LoadRun(
        'fanout',
        { urlTemplate: carnet.roomUrl(server.base, '{room}'), room: `roomlink-fan-${clients}`, dialect: carnet.dialect, clients, updates, ratePerS: 20, warmup: 0.1, writerClientId: 3_000_000, verify: true },
        { timeoutMs: 120_000 + (updates / 20) * 1000 },
      )
      const result = await load.result
      ctx.results.add({ bench: 'roomlink', server: 'carnet', what, p50_ms: result.p50_ms, p99_ms: result.p99_ms, max_ms: result.max_ms })
      p99[linked ? 'linked' : 'alone'] = result.p99_ms
    } finally {
      load?.kill()
      await server.stop()
      await cityRelay?.stop()
    }
  }
  if (p99.linked && p99.alone) ctx.results.add({ bench: 'roomlink', server: 'carnet', what: `fan-out ${clients}: linked ÷ alone`, linked_over_alone_p99: p99.linked / p99.alone })
}

/**
 * Waits until a room relay's /healthz says its link is `state`.
 * @param {string} httpBase
 * @param {'linked' | 'cut'} state
 */
async function linkState(httpBase, state) {
  await pollUntil(
    async () => {
      const answer = await httpGet(`${httpBase}/healthz`)
      return answer !== null && answer.status === 200 && JSON.parse(answer.body).upstream?.state === state
    },
    { timeoutMs: 30_000, intervalMs: 50, what: `the room relay's link ${state}` },
  )
}

/**
 * Sends a writer's keystrokes as fast as its socket's budget allows (bursts of 2,000 messages).
 * @param {string} url
 * @param {ReturnType<typeof typingScript>} script
 */
async function typeAll(url, script) {
  const ws = new WebSocket(url, { perMessageDeflate: false })
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  const frame = (/** @type {Uint8Array} */ update) => {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0)
    syncProtocol.writeUpdate(encoder, update)
    return encoding.toUint8Array(encoder)
  }
  ws.send(frame(script.setup))
  for (const update of script.updates) ws.send(frame(update))
  while (ws.bufferedAmount > 0) await sleep(5)
  // The relay confirms nothing to a plain client: closing politely lets it write what it received.
  await sleep(200)
  ws.close()
}

/** A client that keeps a copy of the page (it applies what it receives). */
class Observer {
  /** @param {string} url */
  constructor(url) {
    this.url = url
    this.doc = new Y.Doc()
    /** @type {WebSocket | null} */
    this.ws = null
  }

  async open() {
    const ws = new WebSocket(this.url, { perMessageDeflate: false })
    ws.binaryType = 'arraybuffer'
    this.ws = ws
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
    ws.on('message', (data) => {
      const decoder = decoding.createDecoder(new Uint8Array(/** @type {ArrayBuffer} */ (data)))
      if (decoding.readVarUint(decoder) !== 0) return
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, 0)
      syncProtocol.readSyncMessage(decoder, encoder, this.doc, null)
      if (encoding.length(encoder) > 1) ws.send(encoding.toUint8Array(encoder))
    })
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0)
    syncProtocol.writeSyncStep1(encoder, this.doc)
    ws.send(encoding.toUint8Array(encoder))
  }

  close() {
    this.ws?.terminate()
  }
}

/**
 * Whether the observer holds every keystroke of these writers.
 * @param {Observer} observer
 * @param {ReturnType<typeof typingScript>[]} scripts
 */
function holdsAll(observer, scripts) {
  return scripts.every((s) => Y.getState(observer.doc.store, s.clientID) >= s.firstClock + s.updates.length)
}

/**
 * Whether the observer holds every keystroke of its own side's writers (ids below 100: the room).
 * @param {Observer} observer
 * @param {ReturnType<typeof typingScript>[]} scripts
 * @param {boolean} roomSide
 */
function holdsSide(observer, scripts, roomSide) {
  return holdsAll(observer, scripts.filter((s) => (s.clientID < 100) === roomSide))
}

/**
 * A TCP proxy to `port` that can be cut (connections broken, new ones refused) and restored.
 * @param {number} port
 */
async function cuttableProxy(port) {
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set()
  let up = true
  const server = createServer({ pauseOnConnect: true }, (client) => {
    if (!up) return client.destroy()
    const backend = createConnection({ port, host: '127.0.0.1' })
    for (const socket of [client, backend]) {
      sockets.add(socket)
      socket.once('close', () => sockets.delete(socket))
      socket.on('error', () => {
        client.destroy()
        backend.destroy()
      })
    }
    backend.once('connect', () => {
      client.pipe(backend)
      backend.pipe(client)
      client.resume()
    })
    client.once('close', () => backend.destroy())
    backend.once('close', () => client.destroy())
  })
  const proxyPort = await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(/** @type {import('node:net').AddressInfo} */ (server.address()).port)))
  return {
    port: /** @type {number} */ (proxyPort),
    cut() {
      up = false
      for (const socket of sockets) socket.destroy()
    },
    restore() {
      up = true
    },
    close() {
      for (const socket of sockets) socket.destroy()
      server.close()
    },
  }
}
