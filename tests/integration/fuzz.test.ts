// Fuzz: one real relay process takes thousands of hostile frames — random bytes, mutated frames of
// a real stock-client session, well-framed sync messages whose Yjs payload is truncated or garbage,
// wrong message types and sub-types, varints past 2^53, text frames, valid updates with hostile
// content — over thousands of raw sockets on a few pages, while two stock clients keep editing a
// bystander page. It proves that the relay stays up and answers, ends bad sockets only with 4422,
// keeps the bystanders converging, never stores anything that does not decode or rebuild, still
// serves and exports every fuzzed page, and never logs an uncaught or fatal error. Then photo
// uploads: random methods, page ids, names, bodies (real photos mutated, random bytes, too large,
// cut short), types and keys against a relay of their own: every answer a JSON error or a photo,
// only writers storing, only whole images without a location stored, the relay up throughout.
// Seeded: FUZZ_SEED=<seed> replays fast-check's choices (the relay's pages carry over between runs,
// so a replay is close to, not exactly, the original).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { readFileSync, rmSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { request } from 'node:http'
import { join } from 'node:path'
import { CloseCode, encodeAwareness, encodeAwarenessEntries, MAX_NESTING_DEPTH, MessageType, newEditKey, newPageId } from '@carnet/core'
import { REPO_ROOT, startRelay, type RelayProcess } from '../support/relay-process.js'
import { rawSocket, type RawSocket } from '../support/raw-socket.js'
import { addParagraph, stockClient, type StockClient } from '../support/stock-client.js'
import { writeMeetingPage } from '../support/meeting-page.js'
import { waitFor } from '../support/wait.js'
import { recordingWebSocket, type FrameLog } from '../support/recording-websocket.js'
import { readArchive, readPhotos, readVersions, rebuildPage } from '../support/archive-file.js'
import { photoFacts } from '../support/phone-photo.js'
import { metricValue } from '../support/metrics.js'
import { seedFromEnv } from '../support/prng.js'
import { nestedUpdate } from '../support/nested-page.js'

const FUZZ_SEED = seedFromEnv('FUZZ_SEED')
console.info(`fuzz: seed ${FUZZ_SEED} (replay with FUZZ_SEED=${FUZZ_SEED})`)

/** Connections to open; the time limit below stops earlier on a slow machine. */
const RUNS = 2_000
const FUZZ_TIME_LIMIT_MS = 20_000
/** How long the relay may take to handle a handful of frames before it counts as hung. */
const ANSWER_TIMEOUT_MS = 5_000
const BYSTANDER_CHECK_EVERY = 150

// A short unload delay and compaction every few updates: fuzzed pages are stored, compacted,
// unloaded and loaded again from SQLite all the time, and versions of them are saved often.
const RELAY_ENV = {
  CARNET_UNLOAD_AFTER_MS: '150',
  CARNET_COMPACT_AFTER_UPDATES: '5',
  CARNET_HISTORY_INTERVAL_MS: '500',
}

const corpusPage = newPageId('fuzz-real')
const emptyPage = newPageId('fuzz-empty')
const keyedPage = newPageId('fuzz-keyed')
const bystanderPage = newPageId('fuzz-bystander')
const EDIT_KEY = newEditKey()
const FUZZ_PAGES = [corpusPage, emptyPage, keyedPage]

let relay: RelayProcess
/** Every relay process of this file: the first, and any restarted after a crash. */
const relays: RelayProcess[] = []
let relayStderr = ''
const crashes: string[] = []
let bystanderA: StockClient
let bystanderB: StockClient
let bystanderTicker: NodeJS.Timeout | null = null
const bystanderTokens: string[] = []
const extraClients: StockClient[] = []

/** Real frames of a stock session (both directions) and the Yjs updates they carry. */
let realFrames: Uint8Array[] = []
let realUpdates: Uint8Array[] = []

const figures = { frames: 0, connections: 0, answered: 0, closeCodes: new Map<number, number>(), runs: 0 }

// ---------------------------------------------------------------------------------------------
// The relay, restarted (same data, same port) if a frame killed it, so that each run, and each
// of fast-check's shrinking attempts, meets a live relay and a crash is blamed on its own input.

async function startFuzzRelay(port?: number): Promise<RelayProcess> {
  const started = await startRelay({ env: RELAY_ENV, ...(relay ? { dataDir: relay.dataDir } : {}), ...(port ? { port } : {}) })
  started.child.stderr!.on('data', (chunk: Buffer) => (relayStderr += chunk.toString()))
  relays.push(started)
  return started
}

async function healthy(): Promise<boolean> {
  if (relay.child.exitCode !== null) return false
  try {
    // Generous: a CI machine may be busy; a relay that really stalls takes far longer.
    const res = await fetch(`${relay.httpUrl}/healthz`, { signal: AbortSignal.timeout(10_000) })
    return res.status === 200
  } catch {
    return false
  }
}

/** The relay's exit code once it has exited, or 'still running' after `ms`. */
async function exitedWithin(process: RelayProcess, ms: number): Promise<number | null | 'still running'> {
  let timer: NodeJS.Timeout | undefined
  const outcome = await Promise.race([process.exited, new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), ms)))])
  clearTimeout(timer)
  return outcome
}

async function ensureRelay(): Promise<void> {
  if (relay.child.exitCode === null) return
  relay = await startFuzzRelay(relay.port)
}

// ---------------------------------------------------------------------------------------------
// Frames.

function bytes(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder()
  write(e)
  return encoding.toUint8Array(e)
}

/** A varint of any size (lib0 cannot write past 2^53): the relay must refuse, not misread, these. */
function bigVarint(value: bigint): number[] {
  const out: number[] = []
  let v = value
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80)
    v >>= 7n
  }
  out.push(Number(v))
  return out
}

function syncFrame(subType: number, payload: Uint8Array): Uint8Array {
  return bytes((e) => {
    encoding.writeVarUint(e, MessageType.sync)
    encoding.writeVarUint(e, subType)
    encoding.writeVarUint8Array(e, payload)
  })
}

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]))
}

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'truncate'; at: number }

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.constantFrom(0, 1, 0x7f, 0x80, 0xff) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
)

function mutate(original: Uint8Array, mutations: Mutation[]): Uint8Array {
  const out = [...original]
  for (const m of mutations) {
    const at = m.at % (out.length + 1)
    if (m.kind === 'insert') out.splice(at, 0, ...m.bytes)
    else if (m.kind === 'truncate') out.length = at
    else if (out.length === 0) continue
    else if (m.kind === 'delete') out.splice(at % out.length, m.count)
    else if (m.kind === 'flip') out[at % out.length]! ^= 1 << m.bit
    else out[at % out.length] = m.value
  }
  return Uint8Array.from(out)
}

/** Numbers around every boundary a decoder may trip on, up to 10 and 11 byte varints. */
const bigNumberArb = fc.oneof(
  fc.constantFrom(0n, 1n, 127n, 128n, 2n ** 31n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 56n, 2n ** 63n, 2n ** 64n - 1n, 2n ** 70n),
  fc.bigInt({ min: 0n, max: 2n ** 72n }),
)
/** A varint that never ends within 9 to 12 bytes (every byte has its continuation bit). */
const endlessVarintArb = fc.integer({ min: 9, max: 12 }).map((n) => new Array<number>(n).fill(0xff))

const ROOT = [...bytes((e) => encoding.writeVarString(e, 'body'))]

/** Hand-made Yjs v1 updates whose numbers are huge: clocks, lengths, counts, delete ranges. */
const hugeYjsUpdateArb = fc
  .tuple(bigNumberArb, bigNumberArb, bigNumberArb, fc.constantFrom('gc', 'deleted', 'string', 'any', 'skip', 'delete-set', 'clients'))
  .map(([a, b, c, shape]) => {
    const [x, y, z] = [bigVarint(a), bigVarint(b), bigVarint(c)]
    switch (shape) {
      case 'gc': // one client, one GC struct of length z at clock y
        return concat([1, 1], x, y, [0], z, [0])
      case 'deleted': // an item with deleted content of length z, in root "body"
        return concat([1, 1], x, y, [1, 1], ROOT, z, [0])
      case 'string': // a string item claiming z bytes
        return concat([1, 1], x, y, [4, 1], ROOT, z, [0x61, 0x62], [0])
      case 'any': // an "any" item claiming z values
        return concat([1, 1], x, y, [8, 1], ROOT, z, [0x77, 1, 0x61], [0])
      case 'skip': // a skip struct of length z
        return concat([1, 1], x, y, [10], z, [0])
      case 'delete-set': // no structs, a delete set with range (y, z) for client x
        return concat([0, 1], x, [1], y, z)
      default: // x clients, each claiming y structs
        return concat(x, y, z, [0, 0])
    }
  })

/** (a) random bytes. */
const randomBytesArb = fc.uint8Array({ minLength: 0, maxLength: 64 })

/** (b) real frames of a stock session, bytes flipped, set, inserted, deleted or cut. */
const mutatedFrameArb = fc
  .tuple(fc.nat(), fc.array(mutationArb, { minLength: 1, maxLength: 4 }))
  .map(([pick, mutations]) => mutate(realFrames[pick % realFrames.length]!, mutations))

/** (c) well-framed sync messages (step 1, step 2, update) whose payload is truncated or garbage. */
const badPayloadFrameArb = fc
  .tuple(
    fc.constantFrom(0, 1, 2),
    fc.nat(),
    fc.oneof(
      fc.record({ how: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({ how: fc.constant('garbage-tail' as const), at: fc.nat(), tail: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
      fc.record({ how: fc.constant('mutate' as const), mutations: fc.array(mutationArb, { minLength: 1, maxLength: 3 }) }),
      fc.record({ how: fc.constant('garbage' as const), garbage: fc.uint8Array({ maxLength: 48 }) }),
      fc.record({ how: fc.constant('huge' as const), update: hugeYjsUpdateArb }),
    ),
  )
  .map(([subType, pick, bad]) => {
    const update = realUpdates[pick % realUpdates.length]!
    let payload: Uint8Array
    if (bad.how === 'truncate') payload = update.slice(0, bad.at % update.length)
    else if (bad.how === 'garbage-tail') payload = concat(update.slice(0, bad.at % update.length), bad.tail)
    else if (bad.how === 'mutate') payload = mutate(update, bad.mutations)
    else if (bad.how === 'garbage') payload = bad.garbage
    else payload = bad.update
    return syncFrame(subType, payload)
  })

/** (d) wrong message types, unknown sub-types, odd but well-formed messages of every type. */
const wrongTypeFrameArb = fc.oneof(
  fc.tuple(fc.oneof(fc.integer({ min: 4, max: 99 }), fc.integer({ min: 101, max: 100_000 })), randomBytesArb).map(([type, tail]) =>
    concat(bytes((e) => encoding.writeVarUint(e, type)), tail),
  ),
  fc.tuple(fc.integer({ min: 3, max: 100_000 }), fc.uint8Array({ maxLength: 16 })).map(([sub, payload]) => syncFrame(sub, payload)),
  fc.tuple(fc.integer({ min: 0, max: 1_000 }), randomBytesArb).map(([sub, tail]) =>
    concat(bytes((e) => (encoding.writeVarUint(e, MessageType.carnet), encoding.writeVarUint(e, sub))), tail),
  ),
  fc
    .oneof(fc.json(), fc.string(), fc.constantFrom('{"action":"close"}', '{"action":"reopen"}', '{"action":"open-to-all","open":true}', 'null', '[]'))
    .map((json) => bytes((e) => (encoding.writeVarUint(e, MessageType.carnet), encoding.writeVarUint(e, 4), encoding.writeVarString(e, json)))),
  fc.uint8Array({ maxLength: 32 }).map((garbage) => bytes((e) => (encoding.writeVarUint(e, MessageType.awareness), encoding.writeVarUint8Array(e, garbage)))),
  fc
    .tuple(fc.nat(), fc.nat(), fc.oneof(fc.json(), fc.string(), fc.constant('null')))
    .map(([client, clock, state]) =>
      bytes((e) => {
        encoding.writeVarUint(e, MessageType.awareness)
        encoding.writeVarUint8Array(
          e,
          bytes((u) => (encoding.writeVarUint(u, 1), encoding.writeVarUint(u, client), encoding.writeVarUint(u, clock), encoding.writeVarString(u, state))),
        )
      }),
    ),
  fc.uint8Array({ maxLength: 8 }).map((tail) => concat([MessageType.queryAwareness], tail)),
  fc.tuple(fc.nat(), fc.option(fc.string())).map(([sub, reason]) =>
    bytes((e) => {
      encoding.writeVarUint(e, MessageType.auth)
      encoding.writeVarUint(e, sub)
      if (reason !== null) encoding.writeVarString(e, reason)
    }),
  ),
)

/** (e) varints past 2^53 and endless ones, wherever the protocol has a number or a length. */
const hugeVarintFrameArb = fc
  .tuple(fc.oneof(bigNumberArb.map(bigVarint), endlessVarintArb), fc.uint8Array({ maxLength: 8 }), fc.constantFrom('type', 'sync-sub', 'length', 'awareness-length', 'stored-seq', 'awareness-client'))
  .map(([huge, tail, where]) => {
    switch (where) {
      case 'type':
        return concat(huge, tail)
      case 'sync-sub':
        return concat([MessageType.sync], huge, tail)
      case 'length':
        return concat([MessageType.sync, 2], huge, tail)
      case 'awareness-length':
        return concat([MessageType.awareness], huge, tail)
      case 'stored-seq':
        return concat([MessageType.carnet, 0], huge)
      default:
        return concat([MessageType.awareness], bytes((e) => encoding.writeVarUint8Array(e, concat([1], huge, [1], bytes((u) => encoding.writeVarString(u, '{}'))))))
    }
  })

/**
 * (g) valid Yjs updates with hostile content: what a modified client could write into a page —
 * meta fields of the wrong type, writers that are not writers, body nodes and attributes the
 * editor never makes, marks with odd values, roots of the wrong kind. Stored as they are, they
 * must never take the relay (its search index, history, exports) down, nor make a page unloadable.
 */
const SCHEMA_NODES = ['paragraph', 'heading', 'bulletList', 'orderedList', 'listItem', 'taskList', 'taskItem', 'blockquote', 'codeBlock', 'horizontalRule', 'table', 'tableRow', 'tableHeader', 'tableCell', 'hardBreak']
const hostileValueArb = fc.oneof(
  fc.jsonValue({ maxDepth: 1 }),
  fc.constantFrom(Number.NaN, -1, 1e308, '', 'javascript:alert(1)', '\u0000', '<script>', 'x'.repeat(300)),
)
const hostileKeyArb = fc.oneof(
  fc.constantFrom('title', 'tags', 'licence', 'closed', 'createdAt', 'date', 'place', 'template', 'name', 'color', 'level', 'start', 'checked', 'colspan', 'rowspan', 'href', 'language'),
  fc.string({ maxLength: 12 }),
)
const hostileUpdateArb = fc
  .record({
    root: fc.constantFrom('body', 'meta', 'writers', 'default'),
    kind: fc.constantFrom('map', 'array', 'text', 'xml', 'xml-text'),
    entries: fc.array(fc.tuple(hostileKeyArb, hostileValueArb, fc.constantFrom(...SCHEMA_NODES, 'script', '')), { minLength: 1, maxLength: 4 }),
  })
  .map(({ root, kind, entries }) => {
    const doc = new Y.Doc()
    doc.transact(() => {
      if (kind === 'map') {
        const map = doc.getMap(root)
        entries.forEach(([key, value], i) => {
          // One value nested in a shared type, where a plain value is expected.
          const nested = new Y.Array<unknown>()
          nested.insert(0, [value])
          map.set(key, i === 1 ? nested : value)
        })
      } else if (kind === 'array') {
        doc.getArray(root).insert(0, entries.map(([, value]) => value))
      } else if (kind === 'text') {
        const text = doc.getText(root)
        for (const [key, value] of entries) text.insert(0, String(key), { [key]: value, link: { href: value } })
      } else {
        const fragment = doc.getXmlFragment(root)
        for (const [key, value, nodeName] of entries) {
          const element = new Y.XmlElement(nodeName)
          element.setAttribute(key, value as string)
          const text = new Y.XmlText()
          text.insert(0, String(key), kind === 'xml-text' ? { [key]: value, bold: value } : undefined)
          element.insert(0, [text, new Y.XmlElement(nodeName)])
          fragment.insert(0, kind === 'xml-text' ? [new Y.XmlText(String(key)), element] : [element])
        }
      }
    })
    return Y.encodeStateAsUpdate(doc)
  })
const hostileContentFrameArb = fc.tuple(fc.constantFrom(1, 2), hostileUpdateArb).map(([subType, update]) => syncFrame(subType, update))

/**
 * (h) shapes that once broke the relay: pages nested deeper than the limit (or just as deep),
 * presence for many ids at once or as "left" for ever-new ids, large delete sets (a reader's echo
 * of deletions, or deletions of what the page never held).
 */
const nestedFrames = [MAX_NESTING_DEPTH - 1, MAX_NESTING_DEPTH, MAX_NESTING_DEPTH + 1, 300, 3_000].map((depth) => syncFrame(2, nestedUpdate(depth, '')))
function deleteSet(client: number, ranges: number, gap: number): Uint8Array {
  return bytes((e) => {
    encoding.writeVarUint(e, 0)
    encoding.writeVarUint(e, 1)
    encoding.writeVarUint(e, client)
    encoding.writeVarUint(e, ranges)
    for (let i = 0; i < ranges; i++) {
      encoding.writeVarUint(e, i * gap)
      encoding.writeVarUint(e, 1)
    }
  })
}
const shapeFrameArb = fc.oneof(
  fc.constantFrom(...nestedFrames),
  fc
    .tuple(fc.integer({ min: 1, max: 300 }), fc.nat(), fc.boolean())
    .map(([count, first, left]) =>
      encodeAwareness(encodeAwarenessEntries(Array.from({ length: count }, (_, i) => ({ clientId: first + i, clock: 1, state: left ? 'null' : '{"user":{"name":"x"}}' })))),
    ),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 30_000 }), fc.integer({ min: 1, max: 3 })).map(([client, ranges, gap]) => syncFrame(2, deleteSet(client, ranges, gap))),
)

type Frame = Uint8Array | string

/** (f) text frames; and, mixed in, real frames as they were, to reach deeper states. */
const frameArb: fc.Arbitrary<Frame> = fc.oneof(
  { arbitrary: randomBytesArb, weight: 2 },
  { arbitrary: mutatedFrameArb, weight: 4 },
  { arbitrary: badPayloadFrameArb, weight: 4 },
  { arbitrary: wrongTypeFrameArb, weight: 3 },
  { arbitrary: hugeVarintFrameArb, weight: 2 },
  { arbitrary: fc.string({ maxLength: 32 }), weight: 1 },
  { arbitrary: fc.nat().map((pick) => realFrames[pick % realFrames.length]!), weight: 2 },
  { arbitrary: hostileContentFrameArb, weight: 3 },
  { arbitrary: shapeFrameArb, weight: 2 },
)

interface Attack {
  page: number
  /** Carnet clients ask for the extension messages; the keyed page's writers bring its key. */
  carnet: boolean
  withKey: boolean
  frames: Frame[]
}

/** Frames a relay accepts (mostly): they bring pages into richer states for the hostile ones. */
const acceptableFrameArb: fc.Arbitrary<Frame> = fc.oneof(
  fc.nat().map((pick) => realFrames[pick % realFrames.length]!),
  hostileContentFrameArb,
)

const attackArb: fc.Arbitrary<Attack> = fc.record({
  page: fc.integer({ min: 0, max: FUZZ_PAGES.length - 1 }),
  carnet: fc.boolean(),
  withKey: fc.boolean(),
  // The relay ends a socket at its first bad frame: a prelude of acceptable frames gets deeper.
  frames: fc
    .tuple(fc.array(acceptableFrameArb, { maxLength: 3 }), fc.array(frameArb, { minLength: 1, maxLength: 5 }))
    .map(([prelude, rest]) => [...prelude, ...rest]),
})

function describeAttack(attack: Attack): string {
  const frames = attack.frames.map((f) => (typeof f === 'string' ? `text ${JSON.stringify(f)}` : `[${[...f].join(',')}]`))
  return `page ${FUZZ_PAGES[attack.page]}${attack.carnet ? ' carnet=1' : ''}${attack.withKey ? ' with key' : ''}: ${frames.join(' ')}`
}

// ---------------------------------------------------------------------------------------------
// One run: a raw socket sends the frames, then an awareness probe with a client id of its own.
// The relay handles a socket's frames in order and broadcasts an awareness change to every socket
// of the page (the sender included) once the group is committed: hearing the probe back proves
// everything before it was handled. Otherwise the relay must have closed the socket, with 4422.

let nextProbeClient = 0x3000_0000

function awarenessProbe(client: number): Uint8Array {
  return bytes((e) => {
    encoding.writeVarUint(e, MessageType.awareness)
    encoding.writeVarUint8Array(
      e,
      bytes((u) => {
        encoding.writeVarUint(u, 1)
        encoding.writeVarUint(u, client)
        encoding.writeVarUint(u, 1)
        encoding.writeVarString(u, JSON.stringify({ probe: client }))
      }),
    )
  })
}

function mentionsAwarenessClient(frame: Uint8Array, client: number): boolean {
  try {
    const d = decoding.createDecoder(frame)
    if (decoding.readVarUint(d) !== MessageType.awareness) return false
    const update = decoding.createDecoder(decoding.readVarUint8Array(d))
    const count = decoding.readVarUint(update)
    for (let i = 0; i < count; i++) {
      if (decoding.readVarUint(update) === client) return true
      decoding.readVarUint(update)
      decoding.readVarString(update)
    }
  } catch {
    // Not an awareness message we can read: not the probe's echo.
  }
  return false
}

type Outcome = { kind: 'answered' } | { kind: 'closed'; code: number; reason: string } | { kind: 'no answer' }

/** Sends the frames (until the relay closes the socket), then the probe; resolves with what came of it. */
async function sendThenProbe(socket: RawSocket, frames: Frame[], onFrameSent: () => void = () => {}): Promise<Outcome> {
  const probeClient = nextProbeClient++
  let timer: NodeJS.Timeout | undefined
  const answered = new Promise<Outcome>((resolve) => {
    socket.ws.on('message', (data: Buffer) => {
      if (mentionsAwarenessClient(new Uint8Array(data), probeClient)) resolve({ kind: 'answered' })
    })
  })
  for (const frame of frames) {
    if (socket.ws.readyState !== WebSocket.OPEN) break
    socket.send(frame)
    onFrameSent()
  }
  if (socket.ws.readyState === WebSocket.OPEN) socket.send(awarenessProbe(probeClient))
  try {
    return await Promise.race<Outcome>([
      answered,
      socket.closed.then((c) => ({ kind: 'closed' as const, ...c })),
      new Promise((resolve) => (timer = setTimeout(() => resolve({ kind: 'no answer' }), ANSWER_TIMEOUT_MS))),
    ])
  } finally {
    clearTimeout(timer)
  }
}

async function throwFrames(attack: Attack): Promise<void> {
  await ensureRelay()
  figures.runs++
  const params = new URLSearchParams()
  if (attack.carnet) params.set('carnet', '1')
  if (attack.withKey && FUZZ_PAGES[attack.page] === keyedPage) params.set('k', EDIT_KEY)
  const query = params.size > 0 ? `?${params}` : ''
  const socket = rawSocket(`${relay.syncUrl}/${FUZZ_PAGES[attack.page]}${query}`)
  try {
    const opened = await Promise.race([socket.opened.then(() => true), socket.closed.then(() => false)])
    if (!opened) throw new Error(`the relay refused the connection (${(await socket.closed).code})`)
    figures.connections++
    const outcome = await sendThenProbe(socket, attack.frames, () => figures.frames++)
    if (outcome.kind === 'answered') figures.answered++
    if (outcome.kind === 'closed') figures.closeCodes.set(outcome.code, (figures.closeCodes.get(outcome.code) ?? 0) + 1)
    if (!(await healthy())) {
      // Dead or hung: a hung relay is killed, so that the next run (or shrink) meets a fresh one.
      if ((await exitedWithin(relay, 3_000)) === 'still running') await relay.crash()
      const report = `${describeAttack(attack)}\n  relay stderr:\n${relayStderr.split('\n').slice(-25).join('\n')}`
      crashes.push(report)
      throw new Error(`the relay died or stopped answering /healthz after: ${report}`)
    }
    if (outcome.kind === 'no answer') throw new Error(`the relay neither answered nor closed the socket within ${ANSWER_TIMEOUT_MS} ms`)
    if (outcome.kind === 'closed') {
      // Bad input ends the socket as malformed, with a reason; anything else (1006: dropped without
      // a close frame, 4500: the page no longer loads, …) is a fault of the relay.
      expect(outcome.code, `close code (reason "${outcome.reason}")`).toBe(CloseCode.malformedMessage)
      expect(outcome.reason).toMatch(/^malformed message/)
    }
  } finally {
    socket.ws.terminate()
  }
}

// ---------------------------------------------------------------------------------------------
// Setup: a real session to take frames from, a page claimed with an edit key, the bystanders.

async function recordRealSession(): Promise<void> {
  const log: FrameLog = { sent: [], received: [] }
  const RecordingWebSocket = recordingWebSocket(log)
  const open = (name: string) => {
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(relay.syncUrl, corpusPage, doc, {
      WebSocketPolyfill: RecordingWebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: 300,
    })
    provider.awareness.setLocalStateField('user', { name, color: '#1f4e79' })
    return { doc, provider }
  }
  const a = open('Anne')
  const b = open('Bruno')
  const localUpdates: Uint8Array[] = []
  a.doc.on('update', (update: Uint8Array) => localUpdates.push(update))
  b.doc.on('update', (update: Uint8Array) => localUpdates.push(update))
  const synced = (p: WebsocketProvider) => waitFor(() => p.synced, { what: 'recording client synced', on: [[p, 'sync']] })
  await Promise.all([synced(a.provider), synced(b.provider)])

  writeMeetingPage(a.doc, {
    title: 'Conseil de quartier',
    date: '2026-03-12',
    place: 'Salle Jean Moulin',
    tags: ['budget', 'école'],
    writer: 'Anne',
    paragraphs: ['Ordre du jour', 'Budget participatif : 12 projets', 'Décisions'],
  })
  await waitFor(() => b.doc.getXmlFragment('body').length === 3, { what: 'Bruno sees the page', on: [[b.doc, 'update']] })
  b.doc.transact(() => {
    const body = b.doc.getXmlFragment('body')
    const first = (body.get(0) as Y.XmlElement).get(0) as Y.XmlText
    first.format(0, 5, { bold: true })
    first.insert(first.length, ' (version 2)', { italic: true })
    const heading = new Y.XmlElement('heading')
    heading.setAttribute('level', '2')
    heading.insert(0, [new Y.XmlText('Actions')])
    body.insert(2, [heading])
    ;((body.get(1) as Y.XmlElement).get(0) as Y.XmlText).delete(0, 6)
    b.doc.getMap('meta').set('title', 'Conseil de quartier — mars')
    b.doc.getMap('writers').set(String(b.doc.clientID), { name: 'Bruno', color: '#7a1f1f' })
  })
  a.provider.awareness.setLocalStateField('cursor', { anchor: 3, head: 7 })
  const same = () => Y.equalSnapshots(Y.snapshot(a.doc), Y.snapshot(b.doc)) && a.doc.getXmlFragment('body').toString() === b.doc.getXmlFragment('body').toString()
  await waitFor(same, { what: 'recording clients converge', on: [[a.doc, 'update'], [b.doc, 'update']] })
  // A client leaving says so in awareness (a state set to null): one more kind of real frame.
  awarenessProtocol.removeAwarenessStates(b.provider.awareness, [b.doc.clientID], 'left')
  await waitFor(() => !a.provider.awareness.getStates().has(b.doc.clientID), {
    what: 'Anne sees Bruno leave',
    on: [[a.provider.awareness, 'change']],
  })
  a.provider.destroy()
  b.provider.destroy()

  const distinct = new Map<string, Uint8Array>()
  for (const frame of [...log.sent, ...log.received]) distinct.set(Buffer.from(frame).toString('hex'), frame)
  realFrames = [...distinct.values()]
  const carried: Uint8Array[] = []
  for (const frame of realFrames) {
    const d = decoding.createDecoder(frame)
    if (decoding.readVarUint(d) === MessageType.sync && decoding.readVarUint(d) !== 0) carried.push(decoding.readVarUint8Array(d))
  }
  realUpdates = [...carried, ...localUpdates, Y.encodeStateAsUpdate(a.doc)].filter((u) => u.length > 2)
  const kinds = new Set(realFrames.map((f) => `${f[0]}/${f[1]}`))
  for (const kind of ['0/0', '0/1', '0/2']) expect([...kinds], `real frames of kind ${kind}`).toContain(kind)
  expect(realFrames.some((f) => f[0] === MessageType.awareness)).toBe(true)
  a.doc.destroy()
  b.doc.destroy()
}

async function claimKeyedPage(): Promise<void> {
  const owner = stockClient(relay.syncUrl, keyedPage, { params: { k: EDIT_KEY } })
  const witness = stockClient(relay.syncUrl, keyedPage)
  extraClients.push(owner, witness)
  await Promise.all([owner.synced(), witness.synced()])
  addParagraph(owner.doc, 'Page réservée aux détenteurs de la clé')
  await waitFor(() => witness.text().includes('réservée'), { what: 'the keyed page is written', on: [[witness.doc, 'update']] })
  owner.destroy()
  witness.destroy()
}

function startBystanders(): void {
  bystanderA = stockClient(relay.syncUrl, bystanderPage, { name: 'Anne' })
  bystanderB = stockClient(relay.syncUrl, bystanderPage, { name: 'Bruno' })
  bystanderTicker = setInterval(() => {
    const token = `<${bystanderTokens.length}>`
    addParagraph(bystanderTokens.length % 2 ? bystanderA.doc : bystanderB.doc, token)
    bystanderTokens.push(token)
  }, 50)
}

/** Both bystanders hold every paragraph written so far (they may be writing more meanwhile). */
async function bystandersCaughtUp(): Promise<void> {
  const expected = [...bystanderTokens]
  const holdsAll = (c: StockClient) => {
    const lines = new Set(c.text().split('\n'))
    return expected.every((token) => lines.has(token))
  }
  await waitFor(() => holdsAll(bystanderA) && holdsAll(bystanderB), {
    what: `both bystanders hold the ${expected.length} paragraphs written so far`,
    timeoutMs: 10_000,
    on: [[bystanderA.doc, 'update'], [bystanderB.doc, 'update']],
  })
}

beforeAll(async () => {
  relay = await startFuzzRelay()
  await recordRealSession()
  await claimKeyedPage()
  startBystanders()
  await Promise.all([bystanderA.synced(), bystanderB.synced()])
})

afterAll(async () => {
  if (bystanderTicker) clearInterval(bystanderTicker)
  bystanderA?.destroy()
  bystanderB?.destroy()
  for (const c of extraClients.splice(0)) c.destroy()
  for (const r of relays) if (r.child.exitCode === null) await r.crash()
  if (!relay) return
  // Every fuzzed connection that wrote leaves a whole version of its page behind: tens of MB.
  if (keepArchive) console.info(`fuzz: archive kept for inspection in ${relay.dataDir}`)
  else rmSync(relay.dataDir, { recursive: true, force: true })
})

let keepArchive = false
afterEach(({ task }) => {
  if (task.result?.state === 'fail') keepArchive = true
})

describe('fuzz: hostile frames against a real relay', () => {
  it('stays up, answers or closes with 4422, whatever it is sent', async () => {
    const startedAt = Date.now()
    let inFlight: Promise<void> = Promise.resolve()
    try {
      await fc.assert(
        fc.asyncProperty(attackArb, async (attack) => {
          const run = throwFrames(attack)
          inFlight = run.catch(() => undefined)
          await run
          if (figures.runs % BYSTANDER_CHECK_EVERY === 0) await bystandersCaughtUp()
        }),
        { seed: FUZZ_SEED, numRuns: RUNS, plugins: [fc.interruptAfterTimeLimit(FUZZ_TIME_LIMIT_MS)] },
      )
    } finally {
      // A run cut short by the time limit still finishes before the checks below look at the relay,
      // and a relay a frame killed is restarted for them (the last test counts the crashes).
      await inFlight
      await ensureRelay()
      const codes = [...figures.closeCodes].map(([code, n]) => `${code}×${n}`).join(', ') || 'none'
      console.info(
        `fuzz: ${figures.frames.toLocaleString('en')} frames over ${figures.connections.toLocaleString('en')} connections to ${FUZZ_PAGES.length} pages ` +
          `(${figures.answered} answered the probe, closed by the relay: ${codes}), seed ${FUZZ_SEED}, ${Date.now() - startedAt} ms`,
      )
    }
    expect(crashes, 'frames that killed the relay').toEqual([])
    // Thousands of frames on a quiet machine; on a busy one the time limit comes first, but a
    // fuzz that reached no more than a few dozen sockets proved nothing.
    expect(figures.connections).toBeGreaterThan(50)
  })

  it('kept the bystanders editing together all along', async () => {
    await bystandersCaughtUp()
    if (bystanderTicker) clearInterval(bystanderTicker)
    bystanderTicker = null
    await waitFor(() => bystanderA.text() === bystanderB.text() && bystanderA.text().split('\n').length === bystanderTokens.length, {
      what: 'bystanders hold the same page',
      on: [[bystanderA.doc, 'update'], [bystanderB.doc, 'update']],
    })
  })

  it('never stores garbage: every update, snapshot and version decodes, every page rebuilds', () => {
    const archive = readArchive(relay.dataDir)
    let rows = 0
    for (const page of archive.values()) {
      for (const stored of [...(page.snapshot ? [page.snapshot] : []), ...page.updates]) {
        expect(() => Y.decodeUpdate(stored.data), `${page.pageId} row ${stored.seq}`).not.toThrow()
        rows++
      }
      const doc = rebuildPage(page)
      // What the relay sends of it must decode too: its state (sync step 2) and state vector (step 1).
      expect(() => Y.decodeUpdate(Y.encodeStateAsUpdate(doc)), `${page.pageId} state`).not.toThrow()
      expect(() => Y.decodeStateVector(Y.encodeStateVector(doc)), `${page.pageId} state vector`).not.toThrow()
    }
    // Every version decodes; the newest of each page also rebuilds (each is a whole copy of the page).
    const newest = new Map<string, Uint8Array>()
    for (const version of readVersions(relay.dataDir)) {
      expect(() => Y.decodeUpdate(version.data), `version ${version.id} of ${version.pageId}`).not.toThrow()
      newest.set(version.pageId, version.data)
      rows++
    }
    for (const [pageId, state] of newest) expect(() => Y.applyUpdate(new Y.Doc(), state), `newest version of ${pageId}`).not.toThrow()
    for (const pageId of [corpusPage, keyedPage, bystanderPage]) expect(archive.has(pageId), `${pageId} stored`).toBe(true)
    console.info(`fuzz: ${rows} stored updates, snapshots and versions over ${archive.size} pages all decode`)
  })

  it('serves every fuzzed page to a fresh stock client as the archive holds it', async () => {
    const archive = readArchive(relay.dataDir)
    for (const pageId of FUZZ_PAGES) {
      const fresh = stockClient(relay.syncUrl, pageId)
      extraClients.push(fresh)
      let refusal: { code: number; reason: string } | null = null
      fresh.provider.on('connection-close', (event: { code: number; reason: string } | null) => {
        if (event) refusal = { code: event.code, reason: event.reason }
      })
      await waitFor(() => fresh.provider.synced || refusal !== null, {
        what: `a fresh client loads ${pageId}`,
        on: [[fresh.provider, 'sync'], [fresh.provider, 'connection-close']],
      })
      expect(await healthy(), `relay alive after a fresh client opened ${pageId}`).toBe(true)
      if (refusal) {
        // A clean refusal is allowed; a dropped connection is not.
        expect((refusal as { code: number }).code, `${pageId} refused`).toBeGreaterThanOrEqual(4000)
        continue
      }
      const stored = archive.get(pageId)
      const fromArchive = stored ? rebuildPage(stored) : new Y.Doc()
      expect(Y.equalSnapshots(Y.snapshot(fresh.doc), Y.snapshot(fromArchive)), `${pageId}: fresh client vs archive`).toBe(true)
      fresh.destroy()
    }
  })

  it('exports every fuzzed page in every format', async () => {
    const failures: string[] = []
    for (const pageId of FUZZ_PAGES) {
      for (const format of ['md', 'wiki', 'html', 'txt', 'json', 'yjs']) {
        const res = await fetch(`${relay.httpUrl}/api/pages/${pageId}/export?format=${format}`)
        await res.arrayBuffer()
        if (res.status !== 200) failures.push(`${pageId} as ${format}: HTTP ${res.status}`)
      }
    }
    expect(await healthy(), 'relay alive after the exports').toBe(true)
    expect(failures).toEqual([])
  })

  it('never exited, and logged nothing uncaught or fatal', () => {
    expect(relays, 'relay processes started (more than one: a frame killed it)').toHaveLength(1)
    expect(relay.child.exitCode).toBeNull()
    expect(relayStderr, 'relay stderr').not.toMatch(/uncaught|fatal|Error/i)
    const bad = relays.flatMap((r) => r.logs).filter((line) => (line.level as number) >= 50 || /uncaught|fatal/i.test(String(line.msg)))
    expect(bad, 'error, fatal or uncaught log lines').toEqual([])
  })
})

// ---------------------------------------------------------------------------------------------
// What the fuzzer found, each reduced to one frame against a relay of its own.

describe('fuzz findings, one frame each', () => {
  const findingRelays: RelayProcess[] = []

  afterEach(async ({ task }) => {
    for (const r of findingRelays.splice(0)) {
      if (r.child.exitCode === null) await r.crash()
      if (task.result?.state !== 'fail') rmSync(r.dataDir, { recursive: true, force: true })
    }
  })

  async function relayOfItsOwn(): Promise<{ server: RelayProcess; stderr: () => string }> {
    const server = await startRelay()
    findingRelays.push(server)
    let stderr = ''
    server.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    return { server, stderr: () => stderr }
  }

  async function expectAlive(server: RelayProcess, stderr: () => string): Promise<void> {
    const healthz = await fetch(`${server.httpUrl}/healthz`).then((res) => res.status, () => 'no answer')
    // A relay that does not answer may be dying: wait (briefly) for its exit code, to report it.
    const exitCode = healthz === 200 ? server.child.exitCode : await exitedWithin(server, 2_000)
    expect({ exitCode, healthz }, `relay stderr:\n${stderr()}`).toEqual({ exitCode: null, healthz: 200 })
  }

  it('closes (4422) a sync step 1 without a state vector, and stays up', async () => {
    const { server, stderr } = await relayOfItsOwn()
    const socket = rawSocket(`${server.syncUrl}/${newPageId('finding')}`)
    await socket.opened
    // Sync step 1 whose state vector is 0 bytes long (a stock client sends at least [0]). Parsing
    // the frame only takes the state vector as bytes; answering it (sync step 2) decodes it,
    // outside any guard. A cut-short one, [0, 0, 1, 0xff], does the same.
    const outcome = await sendThenProbe(socket, [Uint8Array.from([MessageType.sync, 0, 0])])
    socket.ws.terminate()
    await expectAlive(server, stderr)
    expect(outcome).toMatchObject({ kind: 'closed', code: CloseCode.malformedMessage })
  })

  it('refuses (4422) an update whose struct lengths add up past 2^53, and the page still loads', async () => {
    const { server, stderr } = await relayOfItsOwn()
    const pageId = newPageId('finding')
    const socket = rawSocket(`${server.syncUrl}/${pageId}`)
    await socket.opened
    // Two GC structs of client 1, each 2^55 + 2^53 long: each length is an 8-byte varint that
    // decodes, so the update passes Y.decodeUpdate; once applied, Yjs merges them into one struct
    // whose length (2^56 + 2^54) is written as a varint that lib0 refuses to read back.
    const length = bigVarint(2n ** 55n + 2n ** 53n)
    const update = Uint8Array.from([1, 2, 1, 0, 0, ...length, 0, ...length, 0])
    const outcome = await sendThenProbe(socket, [syncFrame(2, update)])
    socket.ws.close()
    await socket.closed
    // A stock client then opens the page (its writer has left: versions and compaction run).
    const reader = stockClient(server.syncUrl, pageId)
    extraClients.push(reader)
    let refused: number | null = null
    reader.provider.on('connection-close', (event: { code: number } | null) => {
      if (event) refused = event.code
    })
    await Promise.race([
      waitFor(() => reader.provider.synced || refused !== null, {
        what: 'a reader opens the page',
        on: [[reader.provider, 'sync'], [reader.provider, 'connection-close']],
      }),
      server.exited,
    ])
    await expectAlive(server, stderr)
    expect(outcome).toMatchObject({ kind: 'closed', code: CloseCode.malformedMessage })
    expect(refused, 'the reader was refused the page (4500: it no longer loads)').toBeNull()
    for (const page of readArchive(server.dataDir).values()) {
      for (const row of page.updates) expect(() => Y.decodeUpdate(row.data), `stored update ${row.seq}`).not.toThrow()
    }
  })
})

// ---------------------------------------------------------------------------------------------
// Photo uploads: hostile requests on `/api/pages/<id>/files/<sha256>`.

const UPLOAD_RUNS = 600
const UPLOAD_TIME_LIMIT_MS = 15_000
const UPLOAD_LIMIT_BYTES = 16 * 1024
const UPLOAD_STATUSES = new Set([200, 201, 400, 403, 404, 405, 409, 413, 415, 422])
const FIXTURES = ['paperboard.jpg', 'post-its.png', 'salle.webp', 'paperboard-with-location.jpg', 'dessin.svg'].map((name) =>
  Uint8Array.from(readFileSync(join(REPO_ROOT, 'tests/fixtures/photos', name))),
)
const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')
const printable = (max: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: max })

type PageChoice = 'keyed' | 'open' | 'unknown' | { raw: string }
type NameChoice = 'right' | 'upper' | 'random-hex' | { raw: string }
type KeyChoice = 'none' | 'right' | 'wrong' | 'twice' | { raw: string }
type BodyChoice =
  | { kind: 'fixture'; index: number; flips: ReadonlyArray<readonly [number, number]>; cutTo: number | null; tail: Uint8Array }
  | { kind: 'random'; bytes: Uint8Array }
  | { kind: 'large'; size: number }

interface UploadAttack {
  method: string
  page: PageChoice
  name: NameChoice
  key: KeyChoice
  type: string | null
  body: BodyChoice
  chunked: boolean
  /** Hang up after this share of the body. */
  abortAt: number | null
}

const uploadArb: fc.Arbitrary<UploadAttack> = fc.record({
  method: fc.oneof({ weight: 8, arbitrary: fc.constant('PUT') }, { weight: 2, arbitrary: fc.constantFrom('GET', 'HEAD', 'POST', 'DELETE', 'PATCH') }),
  page: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom<PageChoice>('keyed', 'open') },
    { weight: 1, arbitrary: fc.constant<PageChoice>('unknown') },
    { weight: 1, arbitrary: fc.oneof(printable(80), fc.constantFrom('..', '%2e%2e', 'AB', 'a%2Fb', '%00abc', 'x'.repeat(65), '%')).map((raw) => ({ raw })) },
  ),
  name: fc.oneof(
    { weight: 10, arbitrary: fc.constant<NameChoice>('right') },
    { weight: 2, arbitrary: fc.constantFrom<NameChoice>('upper', 'random-hex') },
    { weight: 1, arbitrary: fc.oneof(printable(80), fc.constantFrom('0'.repeat(63), 'f'.repeat(65), '%30'.repeat(64))).map((raw) => ({ raw })) },
  ),
  key: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom<KeyChoice>('right', 'right', 'none', 'wrong', 'twice') },
    { weight: 1, arbitrary: printable(60).map((raw) => ({ raw })) },
  ),
  type: fc.option(fc.oneof(fc.constantFrom('image/jpeg', 'image/png', 'image/svg+xml', 'text/html', 'application/octet-stream'), printable(40)), { nil: null }),
  body: fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('fixture' as const),
        index: fc.nat(FIXTURES.length - 1),
        // Most sent as they are, or nearly: the checks past the first ones are reached too.
        flips: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(fc.tuple(fc.nat(700), fc.integer({ min: 1, max: 255 })), { maxLength: 3 }) }),
        cutTo: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat(700) }),
        tail: fc.oneof({ weight: 3, arbitrary: fc.constant(new Uint8Array()) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) }),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('random' as const), bytes: fc.uint8Array({ maxLength: 4096 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('large' as const), size: fc.integer({ min: UPLOAD_LIMIT_BYTES + 1, max: 4 * UPLOAD_LIMIT_BYTES }) }) },
  ),
  chunked: fc.boolean(),
  abortAt: fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.double({ min: 0, max: 0.99, noNaN: true }) }),
})

function bodyOf(choice: BodyChoice): Uint8Array {
  if (choice.kind === 'random') return choice.bytes
  if (choice.kind === 'large') return new Uint8Array(choice.size).fill(0xd8)
  const bytes = Uint8Array.from(FIXTURES[choice.index]!)
  for (const [at, xor] of choice.flips) if (at < bytes.length) bytes[at]! ^= xor
  const cut = choice.cutTo === null ? bytes : bytes.subarray(0, Math.min(choice.cutTo, bytes.length))
  return Uint8Array.from([...cut, ...choice.tail])
}

type UploadOutcomeSeen = { kind: 'answered'; status: number; contentType: string; body: Buffer } | { kind: 'cut' } | { kind: 'not sent'; why: string }

function sendUpload(server: RelayProcess, path: string, attack: UploadAttack, headers: Record<string, string | string[]>, body: Uint8Array): Promise<UploadOutcomeSeen> {
  return new Promise((resolve) => {
    let req: ReturnType<typeof request>
    try {
      req = request(`${server.httpUrl}${path}`, {
        method: attack.method,
        agent: false,
        headers: {
          ...headers,
          ...(attack.method === 'GET' || attack.method === 'HEAD' ? {} : attack.chunked ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(body.length) }),
        },
      })
    } catch (error) {
      // Node itself refuses to send it (a path or header it cannot write): nothing reached the relay.
      resolve({ kind: 'not sent', why: (error as Error).message })
      return
    }
    req.setTimeout(ANSWER_TIMEOUT_MS, () => req.destroy(new Error('no answer')))
    req.on('error', (error) => resolve(error.message === 'no answer' ? { kind: 'not sent', why: 'no answer' } : { kind: 'cut' }))
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ kind: 'answered', status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }))
      res.on('error', () => resolve({ kind: 'cut' }))
    })
    if (attack.method === 'GET' || attack.method === 'HEAD') {
      req.end()
      return
    }
    if (attack.abortAt !== null) {
      req.write(body.subarray(0, Math.floor(body.length * attack.abortAt)))
      // Give the relay the first part, then hang up without the rest.
      setTimeout(() => req.destroy(), 5)
      return
    }
    req.end(body)
  })
}

describe('fuzz: hostile photo uploads', () => {
  it('answers each with a photo or a JSON error, stores only whole images without a location from writers, and stays up', async () => {
    const server = await startRelay({ env: { CARNET_MAX_IMAGE_BYTES: String(UPLOAD_LIMIT_BYTES), CARNET_MAX_PAGE_IMAGES_BYTES: String(8 * UPLOAD_LIMIT_BYTES) } })
    let stderr = ''
    server.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const key = newEditKey()
    const keyed = newPageId('fuzz-photos-keyed')
    const open = newPageId('fuzz-photos-open')
    try {
      for (const [pageId, params] of [[keyed, { k: key }], [open, {}]] as const) {
        const writer = stockClient(server.syncUrl, pageId, { params })
        extraClients.push(writer)
        await writer.synced()
        addParagraph(writer.doc, 'Les photos du fuzz')
        await waitFor(() => writer.provider.synced, { what: `${pageId} written`, on: [[writer.provider, 'sync']] })
      }
      for (const pageId of [keyed, open]) {
        for (let tries = 0; (await fetch(`${server.httpUrl}/api/pages/${pageId}`)).status !== 200; tries++) {
          expect(tries, `${pageId} stored`).toBeLessThan(100)
          await new Promise((resolve) => setTimeout(resolve, 50))
        }
      }

      const seen = new Map<string, number>()
      const problems: string[] = []
      // Names the relay may hold, and on which page: each 2xx PUT, from a writer, of bytes named right.
      const accepted = new Map<string, Set<string>>()
      const startedAt = Date.now()
      await fc.assert(
        fc.asyncProperty(uploadArb, async (attack) => {
          const body = bodyOf(attack.body)
          const pageId = attack.page === 'keyed' ? keyed : attack.page === 'open' ? open : attack.page === 'unknown' ? newPageId('fuzz-nobody') : attack.page.raw
          const name = attack.name === 'right' ? sha256Of(body) : attack.name === 'upper' ? sha256Of(body).toUpperCase() : attack.name === 'random-hex' ? sha256Of(Uint8Array.of(...body, 1)) : attack.name.raw
          const headers: Record<string, string | string[]> = {}
          if (attack.type !== null) headers['Content-Type'] = attack.type
          if (attack.key === 'right') headers['X-Carnet-Key'] = key
          else if (attack.key === 'wrong') headers['X-Carnet-Key'] = newEditKey()
          else if (attack.key === 'twice') headers['X-Carnet-Key'] = [newEditKey(), key]
          else if (attack.key !== 'none') headers['X-Carnet-Key'] = attack.key.raw
          const outcome = await sendUpload(server, `/api/pages/${pageId}/files/${name}`, attack, headers, body)
          const label = outcome.kind === 'answered' ? String(outcome.status) : outcome.kind
          seen.set(label, (seen.get(label) ?? 0) + 1)
          if (server.child.exitCode !== null || (await fetch(`${server.httpUrl}/healthz`)).status !== 200) {
            throw new Error(`the relay died or stopped answering after ${attack.method} ${pageId}/${name}\n${stderr.slice(-2000)}`)
          }
          if (outcome.kind === 'not sent' && outcome.why === 'no answer') problems.push(`no answer within ${ANSWER_TIMEOUT_MS} ms: ${attack.method} ${pageId}/${name}`)
          if (outcome.kind !== 'answered') return
          const what = `${attack.method} ${pageId}/${name} (${body.length} bytes) → ${outcome.status}`
          if (!UPLOAD_STATUSES.has(outcome.status)) problems.push(`${what}: unexpected status`)
          const served = (attack.method === 'GET' || attack.method === 'HEAD') && outcome.status === 200
          if (!served && attack.method !== 'HEAD') {
            let error: unknown
            try {
              error = (JSON.parse(outcome.body.toString('utf8')) as { error?: unknown }).error
            } catch {
              error = undefined
            }
            if (!outcome.contentType.startsWith('application/json') || typeof error !== 'string' || error.length === 0) {
              if (outcome.status >= 400) problems.push(`${what}: not a clear JSON error: ${outcome.body.toString('utf8').slice(0, 200)}`)
            }
          }
          if (attack.method === 'PUT' && (outcome.status === 200 || outcome.status === 201)) {
            const wrote = attack.page === 'open' || (attack.page === 'keyed' && (attack.key === 'right' || attack.key === 'twice'))
            if (!wrote) problems.push(`${what}: stored without the right to write`)
            if (name !== sha256Of(body)) problems.push(`${what}: stored under a name that is not its hash`)
            accepted.set(name, (accepted.get(name) ?? new Set()).add(pageId))
          }
        }),
        { seed: FUZZ_SEED, numRuns: UPLOAD_RUNS, plugins: [fc.interruptAfterTimeLimit(UPLOAD_TIME_LIMIT_MS)] },
      )
      const runs = [...seen.values()].reduce((a, b) => a + b, 0)
      console.info(
        `fuzz (photos): ${runs} requests, answers ${[...seen].map(([status, n]) => `${status}×${n}`).join(', ')}, ${accepted.size} photos stored, seed ${FUZZ_SEED}, ${Date.now() - startedAt} ms`,
      )
      expect(problems).toEqual([])
      expect(runs, 'requests sent before the time limit').toBeGreaterThan(50)

      // What the archive holds: only photos a writer sent whole, named by their bytes, each an
      // accepted image that says nothing of where it was taken.
      const stored = readPhotos(server.dataDir)
      for (const photo of stored.values()) {
        expect(accepted.get(photo.sha256), `${photo.sha256}: stored though never accepted`).toBeDefined()
        expect(photo.pageIds.sort()).toEqual([...accepted.get(photo.sha256)!].sort())
        expect(sha256Of(photo.data)).toBe(photo.sha256)
        expect(['image/jpeg', 'image/png', 'image/webp', 'image/gif']).toContain(photo.type)
        expect((await photoFacts(photo.data)).location, `${photo.sha256} carries a location`).toBe(false)
      }
      const links = [...stored.values()].reduce((sum, photo) => sum + photo.pageIds.length, 0)
      expect(await metricValue(server.httpUrl, 'carnet_uploads_total', 'result="created"'), 'uploads counted in /metrics').toBe(links)
      expect(server.child.exitCode).toBeNull()
      expect(stderr, 'relay stderr').not.toMatch(/uncaught|fatal|Error/i)
      const bad = server.logs.filter((line) => (line.level as number) >= 50 || /uncaught|fatal/i.test(String(line.msg)))
      expect(bad, 'error, fatal or uncaught log lines').toEqual([])
    } finally {
      await server.crash()
      rmSync(server.dataDir, { recursive: true, force: true })
    }
  })
})
