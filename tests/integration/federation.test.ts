// Carnet in the room: a room relay linked to the city's relay (CARNET_UPSTREAM_URL and
// CARNET_ROOM_TOKENS), with a TCP proxy between them that the test cuts and restores as a public
// internet room's uplink goes down and comes back. Stock y-websocket clients on both sides; real
// processes, real SQLite files, kill -9 of either relay.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { encodeAccessRequest, newEditKey, newPageId, parseRelayFrame, type AccessRequest, type PageListResponse, type VersionListResponse } from '@carnet/core'
import { rawSocket } from '../support/raw-socket.js'
import { readArchive, rebuildPage } from '../support/archive-file.js'
import { startCuttableProxy, type CuttableProxy } from '../support/cuttable-proxy.js'
import { getJson } from '../support/http.js'
import { metricValue } from '../support/metrics.js'
import { SERVER_BUNDLE, startRelay, type RelayProcess } from '../support/relay-process.js'
import { addParagraph, bodyText, stockClient, type StockClient } from '../support/stock-client.js'
import { until } from '../support/until.js'
import { waitFor } from '../support/wait.js'

const TOKEN = randomBytes(24).toString('hex')
const run = promisify(execFile)
let city: RelayProcess
let proxy: CuttableProxy
let room: RelayProcess
const clients: StockClient[] = []

function roomEnv(): Record<string, string> {
  return { CARNET_UPSTREAM_URL: proxy.url, CARNET_UPSTREAM_TOKEN: TOKEN, CARNET_HISTORY_INTERVAL_MS: '200', CARNET_UNLOAD_AFTER_MS: '300' }
}

function client(relay: RelayProcess, pageId: string, options: { key?: string; name?: string } = {}): StockClient {
  const c = stockClient(relay.syncUrl, pageId, { ...(options.key ? { params: { k: options.key } } : {}), ...(options.name ? { name: options.name } : {}) })
  clients.push(c)
  return c
}

async function sees(c: StockClient, text: string, timeoutMs = 15_000): Promise<void> {
  await waitFor(() => c.text().includes(text), { what: `"${text}" on ${c.provider.roomname}`, on: [[c.doc, 'update']], timeoutMs })
}

interface Health {
  upstream?: { state: string; pagesWaiting: number; movedAside: Array<{ from: string; to: string }> }
  roomLinks?: number
}

async function health(relay: RelayProcess): Promise<Health> {
  return (await getJson<Health>(`${relay.httpUrl}/healthz`)).body
}

async function linked(): Promise<void> {
  await until(async () => ((await health(room)).upstream?.state === 'linked' ? true : undefined), { what: 'the room linked to the city' })
}

async function cutOff(): Promise<void> {
  proxy.cut()
  await until(async () => ((await health(room)).upstream?.state === 'cut' ? true : undefined), { what: 'the room seeing the link cut' })
}

/** The text of a page as an archive holds it on disk. */
function archivedText(relay: RelayProcess, pageId: string): string {
  const page = readArchive(relay.dataDir).get(pageId)
  return page ? bodyText(rebuildPage(page)) : ''
}

/** Resolves when a Carnet client of the page on `relay` is told the page is closed (or open). */
async function pageState(relay: RelayProcess, pageId: string, closed: boolean): Promise<void> {
  const socket = rawSocket(`${relay.syncUrl}/${pageId}?carnet=1`)
  const told = (frame: Uint8Array) => {
    const parsed = parseRelayFrame(frame)
    return parsed?.kind === 'access' && parsed.state.closed === closed
  }
  await waitFor(() => socket.received.some(told), { what: `${relay.httpUrl} telling ${pageId} is ${closed ? 'closed' : 'open'}`, on: [[socket.ws, 'message']] })
  socket.ws.close()
}

/** A Carnet client with the key asks the relay to close, reopen or open the page to all. */
async function requestAccess(relay: RelayProcess, pageId: string, key: string, request: AccessRequest): Promise<void> {
  const socket = rawSocket(`${relay.syncUrl}/${pageId}?carnet=1&k=${key}`)
  await socket.opened
  const closedWanted = request.action === 'close'
  const accessIs = (frame: Uint8Array) => {
    const parsed = parseRelayFrame(frame)
    return parsed?.kind === 'access' && parsed.state.closed === closedWanted
  }
  socket.send(encodeAccessRequest(request))
  await waitFor(() => socket.received.some(accessIs), { what: `the relay saying the page is ${closedWanted ? 'closed' : 'open'}`, on: [[socket.ws, 'message']] })
  socket.ws.close()
}

beforeAll(async () => {
  city = await startRelay({ env: { CARNET_ROOM_TOKENS: `someone-elses-token-0123456789,${TOKEN}` } })
  proxy = await startCuttableProxy(city.port)
  room = await startRelay({ env: roomEnv() })
  await linked()
})

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy()
  proxy.restore()
})

afterAll(async () => {
  await room?.crash()
  await city?.crash()
  await proxy?.close()
})

describe('a room relay linked to the city', () => {
  it('mirrors a page both ways, live, with who is here', async () => {
    const pageId = newPageId('salle')
    const inRoom = client(room, pageId, { name: 'Anne (salle)' })
    const atHome = client(city, pageId, { name: 'Bruno (maison)' })
    await Promise.all([inRoom.synced(), atHome.synced()])
    addParagraph(inRoom.doc, 'Écrit dans la salle')
    addParagraph(atHome.doc, 'Écrit depuis la maison')
    await sees(atHome, 'Écrit dans la salle')
    await sees(inRoom, 'Écrit depuis la maison')
    // Presence crosses the link while it is up.
    const nameSeen = (c: StockClient, other: StockClient) => (c.provider.awareness.getStates().get(other.doc.clientID)?.user as { name?: string } | undefined)?.name
    await waitFor(() => nameSeen(inRoom, atHome) === 'Bruno (maison)' && nameSeen(atHome, inRoom) === 'Anne (salle)', {
      what: 'each side seeing the other’s presence',
      on: [[inRoom.provider.awareness, 'change'], [atHome.provider.awareness, 'change']],
    })
    expect((await health(city)).roomLinks).toBe(1)
    // One link for all the room's pages.
    const second = client(room, newPageId('autre'))
    await second.synced()
    expect(proxy.connections).toBe(1)
  })

  it('tells the room’s Carnet clients whether it is linked to the city, and since when', async () => {
    const watcher = rawSocket(`${room.syncUrl}/${newPageId('etat')}?carnet=1`)
    const states = () => watcher.received.map((frame) => parseRelayFrame(frame)).filter((f) => f?.kind === 'link').map((f) => (f as { state: { linked: boolean; since: number } }).state)
    await waitFor(() => states().length > 0, { what: 'the link state on joining', on: [[watcher.ws, 'message']] })
    expect(states()[0]!.linked).toBe(true)
    const cutAt = Date.now()
    await cutOff()
    await waitFor(() => states().some((state) => !state.linked), { what: 'the cut told', on: [[watcher.ws, 'message']] })
    expect(states().find((state) => !state.linked)!.since).toBeGreaterThanOrEqual(cutAt - 1000)
    proxy.restore()
    await waitFor(() => states().at(-1)!.linked, { what: 'the link back told', on: [[watcher.ws, 'message']] })
    watcher.ws.close()
  })

  it('keeps the room writing together when the link drops, and converges when it returns', async () => {
    const pageId = newPageId('coupure')
    const anne = client(room, pageId)
    const bruno = client(room, pageId)
    const home = client(city, pageId)
    await Promise.all([anne.synced(), bruno.synced(), home.synced()])
    addParagraph(anne.doc, 'avant la coupure')
    await sees(home, 'avant la coupure')

    await cutOff()
    addParagraph(anne.doc, 'pendant la coupure, dans la salle')
    addParagraph(home.doc, 'pendant la coupure, à la maison')
    // The room still writes together, through its relay.
    await sees(bruno, 'pendant la coupure, dans la salle')
    expect(bruno.text()).not.toContain('à la maison')
    expect((await health(room)).upstream?.pagesWaiting).toBeGreaterThanOrEqual(1)

    const restoredAt = performance.now()
    proxy.restore()
    await Promise.all([sees(home, 'pendant la coupure, dans la salle'), sees(anne, 'pendant la coupure, à la maison'), sees(bruno, 'pendant la coupure, à la maison')])
    console.info(`federation: converged ${Math.round(performance.now() - restoredAt)} ms after the link came back`)
    expect(anne.text()).toBe(home.text())
    await until(async () => ((await health(room)).upstream?.pagesWaiting === 0 ? true : undefined), { what: 'nothing left to send' })
  })

  it('sends a page created in the room during an outage, with its versions, even after kill -9 of the room relay', async () => {
    await cutOff()
    const pageId = newPageId('nee-en-salle')
    const key = newEditKey()
    const writer = client(room, pageId, { key })
    await writer.synced()
    for (const line of ['Ordre du jour', 'Décision : on se revoit jeudi']) addParagraph(writer.doc, line)
    const reader = client(room, pageId)
    await sees(reader, 'Décision')
    writer.destroy()
    reader.destroy()
    // The last writer left: a version is taken; then the relay is killed before the link returns.
    await until(async () => ((await getJson<VersionListResponse>(`${room.httpUrl}/api/pages/${pageId}/history`)).body.versions.length > 0 ? true : undefined), { what: 'a version in the room' })
    await room.crash()
    room = await startRelay({ dataDir: room.dataDir, env: roomEnv() })
    proxy.restore()
    await linked()
    await until(async () => (archivedText(city, pageId).includes('Décision : on se revoit jeudi') ? true : undefined), { what: 'the city’s archive holding the room’s page' })
    const versions = await until(
      async () => {
        const { body } = await getJson<VersionListResponse>(`${city.httpUrl}/api/pages/${pageId}/history`)
        return body.versions.length > 0 ? body.versions : undefined
      },
      { what: 'the room’s versions in the city’s history' },
    )
    expect(versions.length).toBeGreaterThanOrEqual(1)
    // Its key works in the city; no key is refused there.
    const owner = client(city, pageId, { key })
    const stranger = client(city, pageId)
    await Promise.all([owner.synced(), stranger.synced()])
    const refused = stranger.nextRefusal()
    addParagraph(stranger.doc, 'sans la clé')
    expect(await refused).toMatch(/read-only/)
    addParagraph(owner.doc, 'avec la clé, depuis la ville')
    const back = client(room, pageId)
    await sees(back, 'avec la clé, depuis la ville')
    expect(back.text()).not.toContain('sans la clé')
    await until(async () => ((await health(room)).upstream?.pagesWaiting === 0 ? true : undefined), { what: 'nothing left to send' })
  })

  it('loses nothing when the room relay is killed during the catch-up', async () => {
    const pageId = newPageId('salle-tuee')
    const inRoom = client(room, pageId)
    await inRoom.synced()
    await cutOff()
    for (let i = 0; i < 200; i++) addParagraph(inRoom.doc, `note ${i} de la salle`)
    await until(async () => (archivedText(room, pageId).includes('note 199') ? true : undefined), { what: 'the room’s archive holding the notes' })
    inRoom.destroy()
    proxy.restore()
    // Killed as soon as the link is back, while it sends.
    await linked()
    await room.crash()
    room = await startRelay({ dataDir: room.dataDir, env: roomEnv() })
    await linked()
    await until(async () => (archivedText(city, pageId).includes('note 199 de la salle') ? true : undefined), { what: 'the city’s archive holding every note' })
    for (let i = 0; i < 200; i++) expect(archivedText(city, pageId)).toContain(`note ${i} de la salle`)
    await until(async () => ((await health(room)).upstream?.pagesWaiting === 0 ? true : undefined), { what: 'nothing left to send' })
  })

  it('loses nothing when the city relay is killed during the catch-up', async () => {
    const pageId = newPageId('ville-tuee')
    const inRoom = client(room, pageId)
    await inRoom.synced()
    await cutOff()
    for (let i = 0; i < 50; i++) addParagraph(inRoom.doc, `ligne ${i} écrite pendant la coupure`)
    await until(async () => (archivedText(room, pageId).includes('ligne 49') ? true : undefined), { what: 'the room’s archive holding the lines' })
    proxy.restore()
    await city.crash()
    city = await startRelay({ dataDir: city.dataDir, port: city.port, env: { CARNET_ROOM_TOKENS: TOKEN } })
    await linked()
    await until(async () => (archivedText(city, pageId).includes('ligne 49 écrite') ? true : undefined), { what: 'the city’s archive holding every line' })
    for (let i = 0; i < 50; i++) expect(archivedText(city, pageId)).toContain(`ligne ${i} écrite`)
  })

  it('holds rights on both sides: keyless and wrong-key writes in the city never reach the room; closing and reopening cross the link, even a cut one', async () => {
    const pageId = newPageId('droits')
    const key = newEditKey()
    const facilitator = client(room, pageId, { key })
    await facilitator.synced()
    addParagraph(facilitator.doc, 'Page de l’animatrice')
    const home = client(city, pageId)
    await sees(home, 'Page de l’animatrice')
    const intruder = client(city, pageId, { key: newEditKey() })
    // Told at once, when it joins.
    expect(await intruder.nextRefusal()).toMatch(/wrong edit key/)
    await intruder.synced()
    addParagraph(home.doc, 'sans clé')
    addParagraph(intruder.doc, 'fausse clé')
    addParagraph(facilitator.doc, 'Suite')
    await sees(home, 'Suite')
    const roomReader = client(room, pageId)
    await sees(roomReader, 'Suite')
    expect(roomReader.text()).not.toMatch(/sans clé|fausse clé/)
    expect(archivedText(city, pageId)).not.toMatch(/sans clé|fausse clé/)

    // Closed from the city: the room refuses writes too, once it has heard of it.
    const roomHears = pageState(room, pageId, true)
    await requestAccess(city, pageId, key, { action: 'close' })
    await roomHears
    const closedInRoom = facilitator.nextRefusal()
    addParagraph(facilitator.doc, 'après la clôture')
    expect(await closedInRoom).toMatch(/closed/)
    // Reopened from the room while the link is down: the city hears of it when it returns.
    await cutOff()
    await requestAccess(room, pageId, key, { action: 'reopen' })
    const cityHears = pageState(city, pageId, false)
    proxy.restore()
    await linked()
    await cityHears
    const owner = client(city, pageId, { key })
    await owner.synced()
    addParagraph(owner.doc, 'rouverte depuis la salle')
    await sees(roomReader, 'rouverte depuis la salle')
  })

  it('keeps the room’s text under a new id when the city claimed the same page with another key during an outage', async () => {
    const pageId = newPageId('deux-cles')
    await cutOff()
    const roomWriter = client(room, pageId, { key: newEditKey() })
    await roomWriter.synced()
    addParagraph(roomWriter.doc, 'Texte de la salle')
    await until(async () => (archivedText(room, pageId).includes('Texte de la salle') ? true : undefined), { what: 'the room’s text stored' })
    const cityWriter = client(city, pageId, { key: newEditKey() })
    await cityWriter.synced()
    addParagraph(cityWriter.doc, 'Texte de la ville')
    await until(async () => (archivedText(city, pageId).includes('Texte de la ville') ? true : undefined), { what: 'the city’s text stored' })

    proxy.restore()
    const moved = await until(
      async () => {
        const found = (await health(room)).upstream?.movedAside.find((m) => m.from === pageId)
        return found?.to
      },
      { what: 'the room’s text moved aside' },
    )
    // The city's page was never mixed with the room's text; the room's text reaches the city under its new id.
    await until(async () => (archivedText(city, moved).includes('Texte de la salle') ? true : undefined), { what: 'the moved page in the city' })
    expect(archivedText(city, pageId)).not.toContain('Texte de la salle')
    const roomReader = client(room, pageId)
    await sees(roomReader, 'Texte de la ville')
    expect(roomReader.text()).not.toContain('Texte de la salle')
    const list = (await getJson<PageListResponse>(`${city.httpUrl}/api/pages`)).body
    expect(list.pages.map((p) => p.id)).toContain(moved)
  })

  it('brings pages down ahead of a meeting (carnet pull, and the facilitator’s button), so the room has them when the link is down', async () => {
    const [first, second, third] = [newPageId('ordre'), newPageId('fiche'), newPageId('bouton')]
    for (const pageId of [first, second, third]) {
      const author = client(city, pageId)
      await author.synced()
      addParagraph(author.doc, `Préparé à la maison : ${pageId}`)
      await until(async () => (archivedText(city, pageId).includes('Préparé') ? true : undefined), { what: `${pageId} stored in the city` })
      author.destroy()
    }
    const { stdout } = await run(process.execPath, [SERVER_BUNDLE, 'pull', first, second], { env: { ...process.env, CARNET_DATA_DIR: room.dataDir } })
    expect(stdout).toContain('Brought down from the city')
    const button = await fetch(`${room.httpUrl}/api/pages/${third}/pull`, { method: 'POST' })
    expect(button.status).toBe(200)
    await cutOff()
    for (const pageId of [first, second, third]) {
      expect(archivedText(room, pageId)).toContain(`Préparé à la maison : ${pageId}`)
      const inRoom = client(room, pageId)
      await sees(inRoom, `Préparé à la maison : ${pageId}`)
    }
    // Cut off, pulling is refused with a reason.
    const refused = await fetch(`${room.httpUrl}/api/pages/${newPageId('trop-tard')}/pull`, { method: 'POST' })
    expect(refused.status).toBe(503)
    expect(((await refused.json()) as { error: string }).error).toMatch(/link to the city is down/)
  })

  it('refuses a room relay whose token the city does not trust, and says so', async () => {
    const stranger = await startRelay({ env: { CARNET_UPSTREAM_URL: city.httpUrl, CARNET_UPSTREAM_TOKEN: 'not-a-token-the-city-knows' } })
    try {
      const pageId = newPageId('etranger')
      const c = client(stranger, pageId)
      await c.synced()
      addParagraph(c.doc, 'jamais dans la ville')
      await until(async () => ((await health(stranger)).upstream?.pagesWaiting === 1 ? true : undefined), { what: 'the stranger’s page waiting' })
      expect((await health(stranger)).upstream?.state).toBe('cut')
      expect(await metricValue(stranger.httpUrl, 'carnet_upstream_connected')).toBe(0)
      expect(archivedText(city, pageId)).toBe('')
    } finally {
      await stranger.crash()
    }
  })
})

