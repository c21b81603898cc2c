// 11. Hostile sockets: what one anonymous client can do to the whole server. Each attack runs on
// a fresh server while a probe asks for its readiness page over and over (Carnet `GET /healthz`,
// the stock server `GET /`): how late the answers come (a stalled event loop answers late),
// whether the server is still alive afterwards, and how much its memory grew. The attacks are
// those of issue 12: a page nested 8,000 deep; presence "left" for ever-new client ids; a reader
// echoing a page's 20,000 deleted ranges in bursts; 300 sockets that stop reading, filled until
// they are dropped. Attackers respect Carnet's message rate (reconnecting when closed).
import { request, Agent } from 'node:http'
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { progress } from '../lib/log.mjs'
import { summarize } from '../lib/stats.mjs'
import { sleep } from '../lib/wait.mjs'
import { MESSAGE_AWARENESS, SYNC_UPDATE, encodeSync } from '../protocol/frames.mjs'

/** @type {import('../lib/results.mjs').BenchSpec} */
export const spec = {
  name: 'hostile',
  title: '11. Hostile sockets (one anonymous client against the whole server)',
  about:
    'Each attack on a fresh server, its readiness page probed every 10 ms meanwhile: p99 and max answer time, whether the server survived, RSS growth. Attacks: `deep` (an update nesting 8,000 elements, then 4 s), `presence-ids` (awareness "left" for 100 new ids per message, 100 messages/s for 5 s, reconnecting when closed), `delete-set` (a 20,000-range delete set echoed in bursts of 10 every 0.5 s for 5 s), `slow` (300 sockets that stop reading, filled with 16 KB presence states, 150 a second for 15 s).',
  params: ['attack'],
  metrics: ['survived', 'health_p99_ms', 'health_max_ms', 'health_answers', 'rss_growth_mb'],
  ratioMetrics: ['health_p99_ms', 'health_max_ms', 'rss_growth_mb'],
  floorIgnoresParams: true,
}

const ATTACKS = ['deep', 'presence-ids', 'delete-set', 'slow']

/** @param {import('../run.mjs').Context} ctx */
export async function run(ctx) {
  for (const contender of ctx.contenders) {
    if (contender.dialect !== 'yws' || contender.name === 'floor') continue
    for (const attack of ATTACKS) {
      if (ctx.quick && attack === 'slow') continue
      progress(`hostile: ${attack} against ${contender.name}`)
      await ctx.settle('hostile', `${contender.name} ${attack}`)
      const server = await contender.start({ dataDir: ctx.tmpDir(`hostile-${contender.name}-${attack}`) })
      const readyPath = contender.name === 'carnet' ? '/healthz' : '/'
      try {
        const base = server.rss()
        let peak = base
        const sampler = setInterval(() => (peak = Math.max(peak, server.rss() || 0)), 100)
        const url = contender.roomUrl(server.base, `hostile-${attack}`)
        // Payloads made before the probe starts: making them would hold up the probe itself.
        const attackNow =
          attack === 'deep' ? deepNesting(url) : attack === 'presence-ids' ? presenceIds(url) : attack === 'delete-set' ? deleteSetEcho(url) : slowConsumers(url)
        const probe = probeReadiness(`${server.httpBase}${readyPath}`)
        await attackNow()
        const latencies = await probe.stop()
        clearInterval(sampler)
        const alive = server.rss() > 0 && (await answers(`${server.httpBase}${readyPath}`))
        const stats = summarize(latencies)
        ctx.results.add({
          bench: 'hostile',
          server: contender.name,
          attack,
          survived: alive ? 1 : 0,
          health_p99_ms: stats.p99,
          health_max_ms: stats.max,
          health_answers: latencies.length,
          rss_growth_mb: (peak - base) / 1e6,
        })
        if (!alive) ctx.results.note('hostile', `${contender.name} did not survive the ${attack} attack`)
      } finally {
        await server.stop(2_000)
      }
    }
  }
}

/** @param {string} url */
function answers(url) {
  return new Promise((resolve) => {
    const req = request(url, { timeout: 2_000 }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode === 200))
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(false))
    req.end()
  })
}

/** Asks `url` again and again (one request at a time, 10 ms apart); `stop` gives the answer times (ms). */
function probeReadiness(/** @type {string} */ url) {
  /** @type {number[]} */
  const latencies = []
  let running = true
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const loop = (async () => {
    while (running) {
      const started = performance.now()
      await new Promise((resolve) => {
        const req = request(url, { agent, timeout: 30_000 }, (res) => {
          res.resume()
          res.on('end', () => {
            latencies.push(performance.now() - started)
            resolve(undefined)
          })
        })
        req.on('timeout', () => req.destroy())
        req.on('error', () => resolve(undefined))
        req.end()
      })
      await sleep(10)
    }
  })()
  return {
    async stop() {
      running = false
      await loop
      agent.destroy()
      return latencies
    },
  }
}

/** @param {string} url @returns {Promise<WebSocket | null>} */
function open(url) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url)
    ws.binaryType = 'nodebuffer'
    ws.on('error', () => resolve(null))
    ws.once('open', () => resolve(ws))
  })
}

/**
 * An awareness message announcing these entries (client id, clock, state as JSON text).
 * @param {Array<[number, number, string]>} entries
 */
function awarenessMessage(entries) {
  const update = encoding.createEncoder()
  encoding.writeVarUint(update, entries.length)
  for (const [clientId, clock, state] of entries) {
    encoding.writeVarUint(update, clientId)
    encoding.writeVarUint(update, clock)
    encoding.writeVarString(update, state)
  }
  const message = encoding.createEncoder()
  encoding.writeVarUint(message, MESSAGE_AWARENESS)
  encoding.writeVarUint8Array(message, encoding.toUint8Array(update))
  return encoding.toUint8Array(message)
}

/** @param {Uint8Array} update */
const syncUpdate = (update) => encodeSync(null, SYNC_UPDATE, update)

/** @param {string} url @returns {() => Promise<void>} */
function deepNesting(url) {
  const doc = new Y.Doc()
  doc.transact(() => {
    /** @type {Y.XmlFragment | Y.XmlElement} */
    let parent = doc.getXmlFragment('body')
    for (let i = 0; i < 8_000; i++) {
      const element = new Y.XmlElement(i % 2 === 0 ? 'bulletList' : 'listItem')
      parent.insert(0, [element])
      parent = element
    }
  })
  const update = syncUpdate(Y.encodeStateAsUpdate(doc))
  return async () => {
    const ws = await open(url)
    ws?.send(update)
    // The search indexer used to reach it 2 s later; a reader opening it, at unload.
    await sleep(1_500)
    const reader = await open(url)
    await sleep(500)
    reader?.close()
    ws?.close()
    await sleep(2_000)
  }
}

/** @param {string} url @returns {() => Promise<void>} */
function presenceIds(url) {
  return async () => {
    const until = performance.now() + 5_000
    let next = 1
    let ws = await open(url)
    while (performance.now() < until) {
      if (!ws || ws.readyState !== WebSocket.OPEN) ws = await open(url)
      if (!ws) break
      ws.send(awarenessMessage(Array.from({ length: 100 }, () => [next++, 1, 'null'])))
      await sleep(10)
    }
    ws?.close()
  }
}

/** @param {string} url @returns {() => Promise<void>} */
function deleteSetEcho(url) {
  const doc = new Y.Doc()
  const text = doc.getText('t')
  text.insert(0, 'ab'.repeat(20_000))
  doc.transact(() => {
    for (let i = 20_000 - 1; i >= 0; i--) text.delete(i * 2, 1)
  })
  const page = syncUpdate(Y.encodeStateAsUpdate(doc))
  // What a reader holding the page sends back when it syncs: nothing new, 20,000 ranges.
  const echo = syncUpdate(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc)))
  return async () => {
    const writer = await open(url)
    writer?.send(page)
    await sleep(500)
    const until = performance.now() + 5_000
    let ws = await open(url)
    while (performance.now() < until) {
      if (!ws || ws.readyState !== WebSocket.OPEN) ws = await open(url)
      if (!ws) break
      for (let i = 0; i < 10; i++) ws.send(echo)
      await sleep(500)
    }
    ws?.close()
    writer?.close()
  }
}

/** @param {string} url @returns {() => Promise<void>} */
function slowConsumers(url) {
  return async () => {
    /** @type {WebSocket[]} */
    const paused = []
    for (let i = 0; i < 300; i++) {
      const ws = await open(url)
      if (!ws) continue
      /** @type {import('node:net').Socket} */ (/** @type {any} */ (ws)._socket).pause()
      paused.push(ws)
    }
    // Large presence states, 150 a second: the paused sockets fill until the server drops them
    // (or, for a server that never does, its memory grows).
    const doc = new Y.Doc()
    const until = performance.now() + 15_000
    let clock = 0
    let ws = await open(url)
    while (performance.now() < until) {
      if (!ws || ws.readyState !== WebSocket.OPEN) ws = await open(url)
      if (!ws) break
      for (let i = 0; i < 150; i++) {
        ++clock
        ws.send(awarenessMessage([[doc.clientID, clock, JSON.stringify({ user: { name: 'x'.repeat(15_000), clock } })]]))
      }
      await sleep(1_000)
    }
    ws?.close()
    for (const socket of paused) socket.terminate()
  }
}
