// Photos of a page over the relay's HTTP API, as any program would send them: the bytes named by
// their SHA-256, the edit key in `X-Carnet-Key`, every refusal with its status and reason; a page's
// photos in its exports and in its `.carnet` backup, which moves it with them to another Carnet;
// and a room relay's photos reaching the city once the link returns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as Y from 'yjs'
import { newEditKey, newPageId, pageBody, photoPath, readPhotoAddress, type ApiError } from '@carnet/core'
import { decodePageBackup, encodePageBackup } from '@carnet/export/page-backup'
import { startCuttableProxy } from '../support/cuttable-proxy.js'
import { getJson } from '../support/http.js'
import { metricValue } from '../support/metrics.js'
import { REPO_ROOT, startRelay, type RelayProcess } from '../support/relay-process.js'
import { addParagraph, stockClient, type StockClient } from '../support/stock-client.js'
import { until } from '../support/until.js'

const PHOTOS = join(REPO_ROOT, 'tests/fixtures/photos')
const photo = (name: string): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(join(PHOTOS, name)))
const nameOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

let relay: RelayProcess
const clients: StockClient[] = []

beforeAll(async () => {
  relay = await startRelay({ env: { CARNET_MAX_IMAGE_BYTES: '4096', CARNET_MAX_PAGE_IMAGES_BYTES: '8192' } })
})

afterAll(async () => {
  for (const c of clients) c.destroy()
  await relay.crash()
})

async function claimedPage(server: RelayProcess, open = false): Promise<{ pageId: string; key: string }> {
  const pageId = newPageId('photos')
  const key = newEditKey()
  const writer = stockClient(server.syncUrl, pageId, open ? {} : { params: { k: key } })
  clients.push(writer)
  await writer.synced()
  addParagraph(writer.doc, 'Le paperboard de l’atelier')
  await until(async () => ((await fetch(`${server.httpUrl}/api/pages/${pageId}`)).status === 200 ? true : undefined), { what: 'the page stored' })
  return { pageId, key }
}

function put(server: RelayProcess, pageId: string, bytes: Uint8Array, options: { key?: string; name?: string; type?: string } = {}): Promise<Response> {
  return fetch(`${server.httpUrl}/api/pages/${pageId}/files/${options.name ?? nameOf(bytes)}`, {
    method: 'PUT',
    body: new Blob([bytes as Uint8Array<ArrayBuffer>]),
    headers: { 'Content-Type': options.type ?? 'image/jpeg', ...(options.key ? { 'X-Carnet-Key': options.key } : {}) },
  })
}

describe('photos of a page', () => {
  it('stores a photo sent with the edit key, serves it back immutable, and says when it had it already', async () => {
    const { pageId, key } = await claimedPage(relay)
    const bytes = photo('paperboard.jpg')
    const first = await put(relay, pageId, bytes, { key })
    expect(first.status).toBe(201)
    expect(await first.json()).toEqual({ sha256: nameOf(bytes), type: 'image/jpeg', bytes: bytes.length })
    expect((await put(relay, pageId, bytes, { key })).status).toBe(200)
    const got = await fetch(`${relay.httpUrl}/api/pages/${pageId}/files/${nameOf(bytes)}`)
    expect(got.status).toBe(200)
    expect(got.headers.get('content-type')).toBe('image/jpeg')
    expect(got.headers.get('cache-control')).toContain('immutable')
    expect(got.headers.get('x-content-type-options')).toBe('nosniff')
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(bytes)
    // The type comes from the bytes, not from what the sender said.
    const png = photo('post-its.png')
    expect(((await (await put(relay, pageId, png, { key, type: 'image/jpeg' })).json()) as { type: string }).type).toBe('image/png')
    expect(await metricValue(relay.httpUrl, 'carnet_uploads_total', 'result="created"')).toBeGreaterThanOrEqual(2)
  })

  it('takes photos without a key on a page open to all', async () => {
    const { pageId } = await claimedPage(relay, true)
    expect((await put(relay, pageId, photo('salle.webp'))).status).toBe(201)
  })

  it('refuses, with a JSON reason: no key (403), bytes not matching their name (400), not an image or SVG (415), a location (422), too large (413)', async () => {
    const { pageId, key } = await claimedPage(relay)
    const cases: Array<[string, Promise<Response>, number, RegExp]> = [
      ['no key', put(relay, pageId, photo('paperboard.jpg')), 403, /read-only/],
      ['wrong key', put(relay, pageId, photo('paperboard.jpg'), { key: newEditKey() }), 403, /edit key/],
      ['another name', put(relay, pageId, photo('paperboard.jpg'), { key, name: nameOf(photo('post-its.png')) }), 400, /do not match their name/],
      ['svg', put(relay, pageId, photo('dessin.svg'), { key, type: 'image/svg+xml' }), 415, /SVG is refused/],
      ['text', put(relay, pageId, new TextEncoder().encode('pas une photo'), { key, type: 'image/png' }), 415, /not a photo/],
      ['location', put(relay, pageId, photo('paperboard-with-location.jpg'), { key }), 422, /where it was taken/],
      ['too large', put(relay, pageId, randomBytes(5000), { key }), 413, /too large/],
      ['not a page', put(relay, 'Pas Une Page', photo('paperboard.jpg'), { key }), 400, /invalid page id/],
      ['bad name', fetch(`${relay.httpUrl}/api/pages/${pageId}/files/pas-un-nom`, { method: "PUT", body: new Blob([photo("paperboard.jpg")]) }), 400, /invalid photo name/],
    ]
    for (const [label, answer, status, reason] of cases) {
      const response = await answer
      expect(response.status, label).toBe(status)
      const body = (await response.json()) as ApiError
      expect(body.error, label).toMatch(reason)
      // A 413 says which limit: the photo's, the page's or the server's.
      if (status === 413) expect(body.reason, label).toBe('too-large')
    }
    expect((await fetch(`${relay.httpUrl}/api/pages/${pageId}/files/${nameOf(photo('paperboard-with-location.jpg'))}`)).status).toBe(404)
  })

  it('refuses past the page’s share of photos (413), and on a page not saved yet (409)', async () => {
    const { pageId, key } = await claimedPage(relay)
    const padded = (n: number) => {
      const base = photo('paperboard.jpg')
      // Bytes after a JPEG's end marker are ignored by readers: the same picture, another name and size.
      return new Uint8Array([...base, ...new Uint8Array(3000).fill(n)])
    }
    expect((await put(relay, pageId, padded(1), { key })).status).toBe(201)
    expect((await put(relay, pageId, padded(2), { key })).status).toBe(201)
    const third = await put(relay, pageId, padded(3), { key })
    expect(third.status).toBe(413)
    expect((await third.json()) as ApiError).toEqual({ error: expect.stringMatching(/as many photos as it may/), reason: 'page-full' })
    expect((await put(relay, newPageId('pas-encore'), photo('paperboard.jpg'), { key })).status).toBe(409)
  })
})

/** Adds an `image` node to the page, as Carnet's editor writes it. */
function addPhoto(doc: Y.Doc, pageId: string, sha256: string, alt: string): void {
  const image = new Y.XmlElement('image')
  image.setAttribute('src', photoPath(pageId, sha256))
  image.setAttribute('alt', alt)
  image.setAttribute('width', 32 as unknown as string)
  image.setAttribute('height', 24 as unknown as string)
  pageBody(doc).push([image])
}

async function importBackup(server: RelayProcess, bytes: Uint8Array): Promise<Response> {
  return fetch(`${server.httpUrl}/api/import?format=carnet`, { method: 'POST', body: new Blob([bytes as Uint8Array<ArrayBuffer>]) })
}

describe('photos in exports and backups', () => {
  it('puts the stored photos inside the HTML, links them from Markdown, and describes them in text', async () => {
    const { pageId, key } = await claimedPage(relay)
    const bytes = photo('paperboard.jpg')
    expect((await put(relay, pageId, bytes, { key })).status).toBe(201)
    const writer = clients[clients.length - 1]!
    addPhoto(writer.doc, pageId, nameOf(bytes), 'Le paperboard du groupe vert')
    const exported = (format: string) => until(async () => {
      const text = await (await fetch(`${relay.httpUrl}/api/pages/${pageId}/export?format=${format}`)).text()
      return text.includes('paperboard du groupe vert') ? text : undefined
    }, { what: `the ${format} export with the photo` })
    expect(await exported('html')).toContain(`<img src="data:image/jpeg;base64,${Buffer.from(bytes).toString('base64')}" alt="Le paperboard du groupe vert" width="32" height="24">`)
    expect(await exported('md')).toContain(`![Le paperboard du groupe vert](${relay.httpUrl}/api/pages/${pageId}/files/${nameOf(bytes)})`)
    expect(await exported('wiki')).toContain(`[${relay.httpUrl}/api/pages/${pageId}/files/${nameOf(bytes)} Photo : Le paperboard du groupe vert]`)
    expect(await exported('txt')).toContain('[Photo : Le paperboard du groupe vert]')
    // The Yjs state alone, for any Yjs program; the backup, with the photo.
    const state = await fetch(`${relay.httpUrl}/api/pages/${pageId}/export?format=yjs`)
    expect(state.headers.get('content-disposition')).toBe(`attachment; filename="${pageId}.yjs"`)
    const plain = new Y.Doc()
    Y.applyUpdate(plain, new Uint8Array(await state.arrayBuffer()))
    expect(plain.getXmlFragment('body').toString()).toContain(nameOf(bytes))
    const backup = await fetch(`${relay.httpUrl}/api/pages/${pageId}/export?format=carnet`)
    expect(backup.headers.get('content-disposition')).toBe(`attachment; filename="${pageId}.carnet"`)
    expect(decodePageBackup(new Uint8Array(await backup.arrayBuffer())).photos).toEqual([{ sha256: nameOf(bytes), type: 'image/jpeg', data: bytes }])
  })

  it('moves a page with its photos to another Carnet through a .carnet backup', async () => {
    const other = await startRelay()
    try {
      const { pageId, key } = await claimedPage(relay)
      const bytes = photo('post-its.png')
      expect((await put(relay, pageId, bytes, { key })).status).toBe(201)
      addPhoto(clients[clients.length - 1]!.doc, pageId, nameOf(bytes), 'Les post-its')
      const backup = await until(async () => {
        const answer = new Uint8Array(await (await fetch(`${relay.httpUrl}/api/pages/${pageId}/export?format=carnet`)).arrayBuffer())
        return decodePageBackup(answer).photos.length === 1 ? answer : undefined
      }, { what: 'a backup with the photo' })

      const imported = await importBackup(other, backup)
      expect(imported.status).toBe(201)
      const { id } = (await imported.json()) as { id: string }
      // The page names its photo under its new id, and the other Carnet serves it.
      const copy = new Y.Doc()
      Y.applyUpdate(copy, new Uint8Array(await (await fetch(`${other.httpUrl}/api/pages/${id}/export?format=yjs`)).arrayBuffer()))
      const src = (pageBody(copy).toArray().find((node) => node instanceof Y.XmlElement && node.nodeName === 'image') as Y.XmlElement).getAttribute('src')
      expect(readPhotoAddress(src)).toEqual({ pageId: id, sha256: nameOf(bytes) })
      const served = await fetch(`${other.httpUrl}${src}`)
      expect(served.status).toBe(200)
      expect(served.headers.get('content-type')).toBe('image/png')
      expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes)
    } finally {
      await other.crash()
    }
  })

  it('refuses a backup whose photo is no accepted image or still says where it was taken, and keeps nothing of it', async () => {
    const page = new Y.Doc()
    page.getMap('meta').set('title', 'Sauvegarde piégée')
    const svg = photo('dessin.svg')
    const located = photo('paperboard-with-location.jpg')
    const cases: Array<[string, Uint8Array, number, RegExp]> = [
      ['svg', encodePageBackup(page, [{ sha256: nameOf(svg), type: 'image/png', data: svg }]), 422, /pas une image acceptée/],
      ['location', encodePageBackup(page, [{ sha256: nameOf(located), type: 'image/jpeg', data: located }]), 422, /où elle a été prise/],
      ['damaged', encodePageBackup(page, [{ sha256: nameOf(svg), type: 'image/png', data: photo('post-its.png') }]), 422, /abîmée/],
    ]
    for (const [label, bytes, status, reason] of cases) {
      const answer = await importBackup(relay, bytes)
      expect(answer.status, label).toBe(status)
      expect(((await answer.json()) as { error: string }).error, label).toMatch(reason)
    }
    expect((await getJson<{ pages: unknown[] }>(`${relay.httpUrl}/api/pages?q=${encodeURIComponent('Sauvegarde piégée')}`)).body.pages).toEqual([])
  })
})

describe('photos in a room relay', () => {
  it('reach the city when the link returns', async () => {
    const token = randomBytes(24).toString('hex')
    const city = await startRelay({ env: { CARNET_ROOM_TOKENS: token } })
    const proxy = await startCuttableProxy(city.port)
    const room = await startRelay({ env: { CARNET_UPSTREAM_URL: proxy.url, CARNET_UPSTREAM_TOKEN: token } })
    try {
      const linked = async (state: string) =>
        until(async () => ((await getJson<{ upstream?: { state: string } }>(`${room.httpUrl}/healthz`)).body.upstream?.state === state ? true : undefined), { what: `the link ${state}` })
      await linked('linked')
      proxy.cut()
      await linked('cut')
      const { pageId, key } = await claimedPage(room)
      const bytes = photo('post-its.png')
      expect((await put(room, pageId, bytes, { key })).status).toBe(201)
      proxy.restore()
      await linked('linked')
      const inCity = await until(
        async () => {
          const answer = await fetch(`${city.httpUrl}/api/pages/${pageId}/files/${nameOf(bytes)}`)
          return answer.status === 200 ? new Uint8Array(await answer.arrayBuffer()) : undefined
        },
        { what: 'the photo in the city' },
      )
      expect(inCity).toEqual(bytes)
      await until(async () => ((await getJson<{ upstream?: { pagesWaiting: number } }>(`${room.httpUrl}/healthz`)).body.upstream?.pagesWaiting === 0 ? true : undefined), { what: 'nothing left to send' })
    } finally {
      await room.crash()
      await city.crash()
      await proxy.close()
    }
  })
})
