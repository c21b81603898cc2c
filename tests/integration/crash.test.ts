// Crash test: 20 stock y-websocket clients edit 5 pages while the relay is killed with SIGKILL at
// random moments and restarted on the same port and data directory. Right after each kill, the
// SQLite file holds everything any client had received from another (nothing anyone saw is lost);
// once editing stops, every client of a page, a fresh client, the text export and the SQLite file
// hold the same content, with every marker every client inserted (exactly once) and exactly the
// filler each client left after its own deletions. Run twice: with the default compaction, and
// with compaction every 3 updates so that kills land while the log is being folded into a snapshot.
// Seeded: the seed is logged; CRASH_SEED=<seed> replays the same random choices (kinds of edits,
// pauses, moments of the kills); where an edit lands still depends on what had arrived by then.
// Then photos: uploads sent slowly, four at a time, while the relay is killed: a photo is in the
// archive whole, under the name of its bytes and tied to its page, or not at all; one the relay
// acknowledged is never lost; all arrive once the uploads are tried again.
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { rmSync } from 'node:fs'
import { newPageId } from '@carnet/core'
import { startRelay, tempDataDir, type RelayProcess } from '../support/relay-process.js'
import { bodyText, stockClient, type StockClient } from '../support/stock-client.js'
import { waitFor } from '../support/wait.js'
import { prng, seedFromEnv, type Prng } from '../support/prng.js'
import { hasMissingDependencies, readArchive, readPhotos, rebuildPage } from '../support/archive-file.js'
import { phonePhoto } from '../support/phone-photo.js'
import { photoName, slowUpload } from '../support/photo-upload.js'
import { until } from '../support/until.js'
import { createHash } from 'node:crypto'

// Each stock provider listens for the process's exit: 20 of them are expected, not a leak.
process.setMaxListeners(64)

const SEED = seedFromEnv('CRASH_SEED')
console.info(`crash: seed ${SEED} (replay with CRASH_SEED=${SEED})`)

const PAGES = 5
const WRITERS = 20
const KILLS = 6
/** Each writer edits once every this many milliseconds (a random pause within the range). */
const EDIT_PAUSE_MS: [number, number] = [25, 90]
/** Time the relay runs between two kills, and stays dead after one. */
const UP_MS: [number, number] = [250, 1200]
const DOWN_MS: [number, number] = [0, 250]

// Markers are the edits that must never be lost: tokens of digits and punctuation, inserted whole
// and never split (nobody inserts inside one). Filler is runs of one lower-case letter per writer
// (a…t): a writer deletes only runs of its own letter, hence only text it inserted itself, never a
// marker; so the page must end with exactly the filler each writer left.
const MARKER = /\[\d\d\.\d{4}\]/g
const FILLER_LETTERS = 'abcdefghijklmnopqrst'

interface Writer {
  index: number
  pageId: string
  client: StockClient
  rng: Prng
  letter: string
  markers: string[]
  /** Letters of its filler inserted minus letters deleted: what the page must hold of it. */
  fillerLeft: number
  edits: number
  timer: NodeJS.Timeout | null
}

interface PhaseFigures {
  kills: number
  /** Markers other clients had received when a kill came, each then found in the SQLite file. */
  seenAtKills: number
  edits: number
  markers: number
  characters: number
  snapshots: number
}

const relays: RelayProcess[] = []
const writers: Writer[] = []
const extraClients: StockClient[] = []
const dataDirs: string[] = []

afterEach(async ({ task }) => {
  for (const w of writers.splice(0)) {
    if (w.timer) clearTimeout(w.timer)
    w.client.destroy()
  }
  for (const c of extraClients.splice(0)) c.destroy()
  for (const r of relays.splice(0)) if (r.child.exitCode === null) await r.crash()
  for (const dir of dataDirs.splice(0)) {
    if (task.result?.state === 'fail') console.info(`crash: archive kept for inspection in ${dir}`)
    else rmSync(dir, { recursive: true, force: true })
  }
})

async function start(dataDir: string, env: Record<string, string>, port?: number): Promise<RelayProcess> {
  const relay = await startRelay({ dataDir, env, ...(port ? { port } : {}) })
  relays.push(relay)
  return relay
}

/** The test's randomness: how long the relay lives, or stays dead. Not a wait for an event. */
function randomPause(rng: Prng, [min, max]: [number, number]): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, rng.int(min, max)))
}

function paragraphs(doc: Y.Doc): Y.XmlElement[] {
  return doc
    .getXmlFragment('body')
    .toArray()
    .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement)
}

/** Each paragraph holds exactly one XmlText (every paragraph here is made by `newParagraph`). */
function textOf(paragraph: Y.XmlElement): Y.XmlText {
  return paragraph.get(0) as Y.XmlText
}

function newParagraph(text: string): Y.XmlElement {
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(text)])
  return paragraph
}

function nextMarker(w: Writer): string {
  const marker = `[${String(w.index).padStart(2, '0')}.${String(w.markers.length).padStart(4, '0')}]`
  w.markers.push(marker)
  return marker
}

/** A random index in `content` that is not inside a marker, so no insertion ever splits one. */
function insertionPoint(rng: Prng, content: string): number {
  const at = rng.int(0, content.length)
  for (const match of content.matchAll(MARKER)) {
    const end = match.index + match[0].length
    if (match.index < at && at < end) return end
  }
  return at
}

/** One random edit: a marker (in a new paragraph or inside one), some filler, or a deletion of own filler. */
function edit(w: Writer): void {
  const { doc } = w.client
  const body = doc.getXmlFragment('body')
  const all = paragraphs(doc)
  const roll = w.rng.next()
  w.edits++
  if (all.length === 0 || roll < 0.1) {
    body.insert(w.rng.int(0, body.length), [newParagraph(nextMarker(w))])
    return
  }
  if (roll < 0.8) {
    const text = textOf(w.rng.pick(all))
    const at = insertionPoint(w.rng, text.toString())
    if (roll < 0.45) {
      text.insert(at, nextMarker(w))
    } else {
      const count = w.rng.int(1, 6)
      text.insert(at, w.letter.repeat(count))
      w.fillerLeft += count
    }
    return
  }
  // Delete part of one run of this writer's own letter, wherever it is now.
  const runs: { text: Y.XmlText; index: number; length: number }[] = []
  for (const paragraph of all) {
    const text = textOf(paragraph)
    for (const match of text.toString().matchAll(new RegExp(`${w.letter}+`, 'g'))) {
      runs.push({ text, index: match.index, length: match[0].length })
    }
  }
  if (runs.length === 0) return
  const run = w.rng.pick(runs)
  const from = run.index + w.rng.int(0, run.length - 1)
  const count = w.rng.int(1, run.index + run.length - from)
  run.text.delete(from, count)
  w.fillerLeft -= count
}

function startEditing(all: Writer[]): void {
  for (const w of all) {
    const tick = () => {
      edit(w)
      w.timer = setTimeout(tick, w.rng.int(...EDIT_PAUSE_MS))
    }
    w.timer = setTimeout(tick, w.rng.int(...EDIT_PAUSE_MS))
  }
}

function stopEditing(all: Writer[]): void {
  for (const w of all) {
    if (w.timer) clearTimeout(w.timer)
    w.timer = null
  }
}

/** The body as XML (structure and text) and the state vector: equal on two replicas only when they hold the same. */
function fingerprint(doc: Y.Doc): string {
  return `${doc.getXmlFragment('body').toString()}\n${Buffer.from(Y.encodeStateVector(doc)).toString('base64')}`
}

function sameOnEveryClient(pageWriters: Writer[]): boolean {
  return new Set(pageWriters.map((w) => fingerprint(w.client.doc))).size === 1
}

/** What every replica of the page must hold: each marker once, each writer's filler exactly. */
function expectEveryEdit(text: string, pageWriters: Writer[], where: string): void {
  const found = new Map<string, number>()
  for (const match of text.matchAll(MARKER)) found.set(match[0], (found.get(match[0]) ?? 0) + 1)
  const expected = pageWriters.flatMap((w) => w.markers)
  const missing = expected.filter((m) => !found.has(m))
  const repeated = [...found].filter(([, n]) => n > 1).map(([m]) => m)
  expect(missing, `${where}: markers lost`).toEqual([])
  expect(repeated, `${where}: markers present more than once`).toEqual([])
  expect(found.size, `${where}: markers nobody inserted`).toBe(expected.length)
  for (const w of pageWriters) {
    const left = text.split(w.letter).length - 1
    expect(left, `${where}: filler of writer ${w.index} ("${w.letter}")`).toBe(w.fillerLeft)
  }
}

/**
 * Right after a kill: everything a client received from others went through the relay, which
 * stores before it forwards, so the dead relay's SQLite file must hold all of it. Waits until every
 * client has seen its socket close (nothing more can arrive from the dead process), then compares
 * each page's archive with what its clients hold from the others: their state vectors (every item
 * of another client) and their markers. Returns how many markers were checked.
 */
async function expectArchiveHoldsWhatClientsSaw(dataDir: string, pageIds: string[]): Promise<number> {
  await waitFor(() => writers.every((w) => !w.client.provider.wsconnected), {
    what: 'every client sees the killed relay gone',
    on: writers.map((w) => [w.client.provider, 'status'] as [StockClient['provider'], string]),
  })
  const archive = readArchive(dataDir)
  let checked = 0
  for (const pageId of pageIds) {
    const stored = archive.get(pageId)
    const rebuilt = stored ? rebuildPage(stored) : new Y.Doc()
    const archived = Y.decodeStateVector(Y.encodeStateVector(rebuilt))
    const archivedMarkers = new Set([...bodyText(rebuilt).matchAll(MARKER)].map((m) => m[0]))
    for (const w of writers.filter((x) => x.pageId === pageId)) {
      const own = w.client.doc.clientID
      for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(w.client.doc))) {
        if (client === own) continue
        expect(archived.get(client) ?? 0, `${pageId}: archive after a kill vs what writer ${w.index} received of client ${client}`).toBeGreaterThanOrEqual(clock)
      }
      const ownPrefix = `[${String(w.index).padStart(2, '0')}.`
      const received = [...bodyText(w.client.doc).matchAll(MARKER)].map((m) => m[0]).filter((m) => !m.startsWith(ownPrefix))
      const lost = received.filter((m) => !archivedMarkers.has(m))
      expect(lost, `${pageId}: markers writer ${w.index} had received, missing from the archive after a kill`).toEqual([])
      checked += received.length
    }
  }
  return checked
}

async function crashPhase(label: string, env: Record<string, string>, rng: Prng): Promise<PhaseFigures> {
  const dataDir = tempDataDir(`carnet-crash-${label}`)
  dataDirs.push(dataDir)
  let relay = await start(dataDir, env)
  const { port } = relay
  const pageIds = Array.from({ length: PAGES }, (_, i) => newPageId(`crash-${label}-${i}`))
  for (let index = 0; index < WRITERS; index++) {
    const pageId = pageIds[index % PAGES]!
    writers.push({
      index,
      pageId,
      client: stockClient(relay.syncUrl, pageId),
      rng: rng.fork(),
      letter: FILLER_LETTERS[index]!,
      markers: [],
      fillerLeft: 0,
      edits: 0,
      timer: null,
    })
  }
  await Promise.all(writers.map((w) => w.client.synced()))

  startEditing(writers)
  let seenAtKills = 0
  for (let kill = 1; kill <= KILLS; kill++) {
    await randomPause(rng, UP_MS)
    // Only the test kills relays: one that exited by itself is a crash of the relay.
    expect(relay.child.exitCode, `relay ${kill} exited by itself`).toBeNull()
    await relay.crash()
    seenAtKills += await expectArchiveHoldsWhatClientsSaw(dataDir, pageIds)
    await randomPause(rng, DOWN_MS)
    relay = await start(dataDir, env, port)
  }
  await randomPause(rng, UP_MS)
  stopEditing(writers)

  const byPage = pageIds.map((pageId) => writers.filter((w) => w.pageId === pageId))
  await waitFor(() => byPage.every(sameOnEveryClient), {
    what: `the ${WRITERS} clients converge on their ${PAGES} pages after ${KILLS} kills`,
    timeoutMs: 20_000,
    on: writers.map((w) => [w.client.doc, 'update'] as [Y.Doc, string]),
  })

  const converged = new Map<string, string>()
  for (const pageWriters of byPage) {
    const [first] = pageWriters
    const { pageId } = first!
    converged.set(pageId, fingerprint(first!.client.doc))
    expectEveryEdit(bodyText(first!.client.doc), pageWriters, `clients of ${pageId}`)

    // A client that never saw the page gets exactly that content from the relay…
    const fresh = stockClient(relay.syncUrl, pageId)
    extraClients.push(fresh)
    await fresh.synced()
    expect(fingerprint(fresh.doc), `fresh client of ${pageId}`).toBe(converged.get(pageId))

    // …and so does a reader of the archive's export.
    const exported = await fetch(`${relay.httpUrl}/api/pages/${pageId}/export?format=txt`)
    expect(exported.status).toBe(200)
    const exportedText = await exported.text()
    for (const marker of pageWriters.flatMap((w) => w.markers)) expect(exportedText, `export of ${pageId}`).toContain(marker)
  }

  // One last kill, with nothing flushed: what is on disk is what everybody saw.
  expect(relay.child.exitCode, 'the last relay exited by itself').toBeNull()
  await relay.crash()
  const archive = readArchive(dataDir)
  let snapshots = 0
  for (const pageWriters of byPage) {
    const { pageId } = pageWriters[0]!
    const stored = archive.get(pageId)
    expect(stored, `${pageId} in the archive`).toBeDefined()
    if (stored!.snapshot) {
      snapshots++
      // Compaction deletes the rows it folds in the same transaction as it writes the snapshot.
      const covered = stored!.updates.filter((u) => u.seq <= stored!.snapshot!.seq)
      expect(covered, `${pageId}: log rows the snapshot already covers`).toEqual([])
    }
    const rebuilt = rebuildPage(stored!)
    expect(hasMissingDependencies(rebuilt), `${pageId}: archive lacks updates others depend on`).toBe(false)
    expect(fingerprint(rebuilt), `archive of ${pageId}`).toBe(converged.get(pageId))
    expectEveryEdit(bodyText(rebuilt), pageWriters, `archive of ${pageId}`)
  }

  return {
    kills: KILLS + 1,
    seenAtKills,
    edits: writers.reduce((sum, w) => sum + w.edits, 0),
    markers: writers.reduce((sum, w) => sum + w.markers.length, 0),
    characters: byPage.reduce((sum, pageWriters) => sum + bodyText(pageWriters[0]!.client.doc).length, 0),
    snapshots,
  }
}

function report(label: string, figures: PhaseFigures, startedAt: number): void {
  console.info(
    `crash (${label}, seed ${SEED}): ${figures.kills} kills survived, ${figures.edits} edits by ${WRITERS} clients on ${PAGES} pages, ` +
      `${figures.seenAtKills} received markers found on disk right after the kills, ` +
      `${figures.markers} markers all kept, ${figures.characters} characters, ${figures.snapshots}/${PAGES} pages compacted, ${Date.now() - startedAt} ms`,
  )
}

describe('crash: kill -9 while 20 clients edit', () => {
  it('loses no edit when the relay is killed at random moments', async () => {
    const startedAt = Date.now()
    const figures = await crashPhase('plain', {}, prng(SEED))
    report('plain', figures, startedAt)
  })

  it('loses no edit when the relay is killed while it compacts constantly', async () => {
    const startedAt = Date.now()
    const figures = await crashPhase('compacting', { CARNET_COMPACT_AFTER_UPDATES: '3' }, prng(SEED ^ 0x9e3779b9))
    report('compacting', figures, startedAt)
    // Compaction really ran: every page's log was folded at least once before the last kill.
    expect(figures.snapshots).toBe(PAGES)
  })
})

// ---------------------------------------------------------------------------------------------
// Photos: kill -9 in the middle of uploads.

const PHOTO_COUNT = 24
const UPLOADERS = 4
const PHOTO_KILLS = 5
const PHOTO_UP_MS: [number, number] = [150, 700]

interface PhotoFigures {
  answered: number
  cut: number
  /** Uploads cut after some of their bytes were sent: a half photo the relay must not keep. */
  cutMidway: number
  acknowledged: number
}

/**
 * Right after a kill, the SQLite file: every photo whole (its bytes hash to its name, its size
 * the row's) and tied to the page, none but those sent, every acknowledged one there.
 */
function expectPhotosWholeOrAbsent(dataDir: string, pageId: string, sent: Set<string>, acknowledged: Set<string>, where: string): number {
  const stored = readPhotos(dataDir)
  for (const photo of stored.values()) {
    expect(sent.has(photo.sha256), `${where}: a photo nobody sent (${photo.sha256})`).toBe(true)
    expect(createHash('sha256').update(photo.data).digest('hex'), `${where}: bytes of ${photo.sha256}`).toBe(photo.sha256)
    expect(photo.bytes, `${where}: size of ${photo.sha256}`).toBe(photo.data.length)
    expect(photo.pageIds, `${where}: pages of ${photo.sha256}`).toEqual([pageId])
  }
  const lost = [...acknowledged].filter((sha256) => !stored.has(sha256))
  expect(lost, `${where}: photos the relay acknowledged, missing after a kill`).toEqual([])
  return stored.size
}

describe('crash: kill -9 during photo uploads', () => {
  it('keeps each photo whole or not at all, and every photo it acknowledged', async () => {
    const startedAt = Date.now()
    const rng = prng(SEED ^ 0x50f0)
    const photos = await Promise.all(
      Array.from({ length: PHOTO_COUNT }, (_, i) => phonePhoto({ width: rng.int(800, 1600), height: rng.int(600, 1200), seed: rng.int(1, 2 ** 30) + i, location: false })),
    )
    const names = photos.map(photoName)
    const sent = new Set(names)
    expect(sent.size, 'distinct photos').toBe(PHOTO_COUNT)

    const dataDir = tempDataDir('carnet-crash-photos')
    dataDirs.push(dataDir)
    let relay = await start(dataDir, {})
    const { port } = relay
    const pageId = newPageId('crash-photos')
    // A page open to all (its first writer brought no key): the uploads need none.
    const writer = stockClient(relay.syncUrl, pageId)
    extraClients.push(writer)
    await writer.synced()
    writer.doc.getXmlFragment('body').insert(0, [newParagraph('Les photos de l’atelier')])
    await until(async () => ((await fetch(`${relay.httpUrl}/api/pages/${pageId}`)).status === 200 ? true : undefined), { what: 'the page stored' })

    const acknowledged = new Set<string>()
    const figures: PhotoFigures = { answered: 0, cut: 0, cutMidway: 0, acknowledged: 0 }
    const unexpected: string[] = []
    let killing = true
    let next = 0
    // Each uploader takes the next photo not yet acknowledged (once all are, it sends them again:
    // an upload the relay already has must survive a kill as well), until the kills are over and
    // every photo has been acknowledged.
    const uploader = async (): Promise<void> => {
      while (killing || acknowledged.size < PHOTO_COUNT) {
        const pending = names.map((_, i) => i).filter((i) => !acknowledged.has(names[i]!))
        const index = pending.length > 0 ? pending[next++ % pending.length]! : next++ % PHOTO_COUNT
        const outcome = await slowUpload(relay.httpUrl, pageId, photos[index]!, { chunkBytes: 32 * 1024, pauseMs: 3 })
        if (outcome.kind === 'cut') {
          figures.cut++
          if (outcome.sent > 0 && outcome.sent < photos[index]!.length) figures.cutMidway++
          // The relay is dead: the next try waits for the restart (the port refuses meanwhile).
          await new Promise((resolve) => setTimeout(resolve, 20))
          continue
        }
        figures.answered++
        if (outcome.status === 200 || outcome.status === 201) acknowledged.add(names[index]!)
        else unexpected.push(`${outcome.status} ${outcome.body}`)
      }
    }
    const uploads = Promise.all(Array.from({ length: UPLOADERS }, uploader))

    let seenAtKills = 0
    for (let kill = 1; kill <= PHOTO_KILLS; kill++) {
      await randomPause(rng, PHOTO_UP_MS)
      expect(relay.child.exitCode, `relay ${kill} exited by itself`).toBeNull()
      const before = new Set(acknowledged)
      await relay.crash()
      seenAtKills += expectPhotosWholeOrAbsent(dataDir, pageId, sent, before, `after kill ${kill}`)
      await randomPause(rng, DOWN_MS)
      relay = await start(dataDir, {}, port)
    }
    killing = false
    await uploads
    expect(unexpected, 'answers other than 200 or 201').toEqual([])

    // Every photo served back whole, then on disk after one more kill.
    for (const [index, sha256] of names.entries()) {
      const answer = await fetch(`${relay.httpUrl}/api/pages/${pageId}/files/${sha256}`)
      expect(answer.status, `photo ${index}`).toBe(200)
      expect(photoName(new Uint8Array(await answer.arrayBuffer())), `photo ${index} served`).toBe(sha256)
    }
    await relay.crash()
    expect(expectPhotosWholeOrAbsent(dataDir, pageId, sent, acknowledged, 'after the last kill')).toBe(PHOTO_COUNT)

    figures.acknowledged = acknowledged.size
    console.info(
      `crash (photos, seed ${SEED}): ${PHOTO_KILLS + 1} kills during ${figures.answered + figures.cut} uploads of ${PHOTO_COUNT} photos ` +
        `(${figures.cutMidway} cut midway, ${figures.cut - figures.cutMidway} more refused or cut while the relay was down), ${seenAtKills} photos found whole on disk right after the kills, ` +
        `all ${figures.acknowledged} kept, ${Date.now() - startedAt} ms`,
    )
    // The kills did land in the middle of uploads (four are always under way).
    expect(figures.cutMidway).toBeGreaterThan(0)
  })
})
