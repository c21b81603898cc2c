// A page's history over real HTTP with stock y-websocket clients: versions are saved while the
// page is edited and when the last writer leaves, each naming who wrote since the one before;
// any version can be read in every format; restoring an old version (a stock client writes its
// content back as a new change) brings its text back for every connected client, and the newer
// versions stay in the history, through compaction and a restart.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { newPageId, type ApiError, type PageJson, type VersionListResponse, type VersionSummary } from '@carnet/core'
import { endedAfterEachTest } from '../support/cleanup.js'
import { startRelay, type RelayProcess } from '../support/relay-process.js'
import { bodyText } from '../support/stock-client.js'
import { replaceParagraphs, writeMeetingPage } from '../support/meeting-page.js'
import { getJson, getText } from '../support/http.js'
import { until } from '../support/until.js'
import { waitFor } from '../support/wait.js'

const { relays, client } = endedAfterEachTest()

async function start(env: Record<string, string>, dataDir?: string): Promise<RelayProcess> {
  const relay = await startRelay({ env, ...(dataDir ? { dataDir } : {}) })
  relays.push(relay)
  return relay
}


async function versions(relay: RelayProcess, pageId: string): Promise<VersionSummary[]> {
  const { status, body } = await getJson<VersionListResponse>(`${relay.httpUrl}/api/pages/${pageId}/history`)
  expect(status).toBe(200)
  return body.versions
}

/** Waits until the history holds more than `count` versions; returns them, newest first. */
function moreVersionsThan(relay: RelayProcess, pageId: string, count: number): Promise<VersionSummary[]> {
  return until(async () => {
    const list = await versions(relay, pageId)
    return list.length > count ? list : undefined
  }, { what: `more than ${count} version(s) of ${pageId}` })
}

async function versionDoc(relay: RelayProcess, pageId: string, versionId: number): Promise<Y.Doc> {
  const res = await fetch(`${relay.httpUrl}/api/pages/${pageId}/history/${versionId}?format=yjs`)
  expect(res.status).toBe(200)
  const doc = new Y.Doc()
  Y.applyUpdate(doc, new Uint8Array(await res.arrayBuffer()))
  return doc
}

/** What any Yjs program can do to restore a version: copy its body and meta over the live ones, as one change. */
function restoreWithStockYjs(live: Y.Doc, old: Y.Doc): void {
  live.transact(() => {
    const body = live.getXmlFragment('body')
    body.delete(0, body.length)
    body.insert(0, old.getXmlFragment('body').toArray().map((node) => (node as Y.XmlElement).clone()))
    const meta = live.getMap('meta')
    for (const [key, value] of old.getMap('meta')) if (key !== 'closed' && key !== 'createdAt') meta.set(key, value)
  })
}

describe('history', () => {
  it('saves versions on a timer while the page is edited, each naming who wrote since the last', async () => {
    const relay = await start({ CARNET_HISTORY_INTERVAL_MS: '300' })
    const pageId = newPageId('histoire')
    const anne = client(relay, pageId)
    const bruno = client(relay, pageId)
    await Promise.all([anne.synced(), bruno.synced()])

    writeMeetingPage(anne.doc, { title: 'Atelier', writer: 'Anne', paragraphs: ['Premier jet.'] })
    const [first] = await moreVersionsThan(relay, pageId, 0)
    expect(first!.writers).toEqual(['Anne'])

    writeMeetingPage(bruno.doc, { writer: 'Bruno', paragraphs: ['Ajout de Bruno.'] })
    const list = await moreVersionsThan(relay, pageId, 1)
    expect(list.map((v) => v.id)).toEqual([...list.map((v) => v.id)].sort((a, b) => b - a))
    expect(list[0]!.writers).toEqual(['Bruno'])
    expect(list[0]!.bytes).toBeGreaterThan(first!.bytes)
    expect(Date.parse(list[0]!.createdAt)).toBeGreaterThanOrEqual(Date.parse(first!.createdAt))

    // Each version reads as it was, in any format.
    const md = await getText(`${relay.httpUrl}/api/pages/${pageId}/history/${first!.id}?format=md`)
    expect(md.status).toBe(200)
    expect(md.headers.get('content-type')).toMatch(/^text\/markdown/)
    expect(md.body).toContain('Premier jet.')
    expect(md.body).not.toContain('Ajout de Bruno.')
    const json = await getJson<PageJson>(`${relay.httpUrl}/api/pages/${pageId}/history/${first!.id}`)
    expect(json.body).toMatchObject({ format: 'carnet-page', id: pageId, meta: { title: 'Atelier' } })
    for (const format of ['html', 'txt', 'wiki']) {
      const res = await getText(`${relay.httpUrl}/api/pages/${pageId}/history/${list[0]!.id}?format=${format}`)
      expect(res.status, format).toBe(200)
      expect(res.body, format).toContain('Ajout de Bruno.')
    }
    const backup = await versionDoc(relay, pageId, first!.id)
    expect(bodyText(backup)).toBe('Premier jet.')
  })

  it('saves a version as soon as the last writer leaves, even while readers stay', async () => {
    // A long interval: only the writer leaving can explain the version.
    const relay = await start({ CARNET_HISTORY_INTERVAL_MS: '3600000' })
    const pageId = newPageId('depart')
    const reader = client(relay, pageId)
    const writer = client(relay, pageId)
    await Promise.all([reader.synced(), writer.synced()])
    writeMeetingPage(writer.doc, { title: 'Réunion', writer: 'Chloé', paragraphs: ['Dernier mot avant de partir.'] })
    await waitFor(() => bodyText(reader.doc) === 'Dernier mot avant de partir.', { what: 'reader has the text', on: [[reader.doc, 'update']] })
    expect(await versions(relay, pageId)).toEqual([])

    writer.destroy()
    const [version] = await moreVersionsThan(relay, pageId, 0)
    expect(version!.writers).toEqual(['Chloé'])
    expect(bodyText(await versionDoc(relay, pageId, version!.id))).toBe('Dernier mot avant de partir.')
  })

  it('restores an old version for every connected client, and keeps the newer one in the history', async () => {
    const relay = await start({ CARNET_HISTORY_INTERVAL_MS: '300' })
    const pageId = newPageId('restaure')
    const anne = client(relay, pageId)
    const bruno = client(relay, pageId)
    await Promise.all([anne.synced(), bruno.synced()])

    writeMeetingPage(anne.doc, { title: 'Version une', writer: 'Anne', paragraphs: ['Le texte d’origine.'] })
    const [original] = await moreVersionsThan(relay, pageId, 0)
    replaceParagraphs(anne.doc, ['Un texte tout autre.'])
    anne.doc.getMap('meta').set('title', 'Version deux')
    const [newer] = await moreVersionsThan(relay, pageId, 1)
    await waitFor(() => bodyText(bruno.doc) === 'Un texte tout autre.', { what: 'bruno has the newer text', on: [[bruno.doc, 'update']] })

    // A third stock client fetches the old version and writes it back on top.
    const restorer = client(relay, pageId)
    await restorer.synced()
    restoreWithStockYjs(restorer.doc, await versionDoc(relay, pageId, original!.id))

    for (const c of [anne, bruno]) {
      await waitFor(() => bodyText(c.doc) === 'Le texte d’origine.' && c.doc.getMap('meta').get('title') === 'Version une', {
        what: 'the restored version reaches every client',
        on: [[c.doc, 'update']],
      })
    }
    const md = await getText(`${relay.httpUrl}/api/pages/${pageId}/export?format=md`)
    expect(md.body).toContain('Le texte d’origine.')
    expect(md.body).not.toContain('Un texte tout autre.')

    // Nothing was destroyed: the newer version is still there, and the restore is a version of its own.
    const after = await moreVersionsThan(relay, pageId, 2)
    expect(after.map((v) => v.id)).toContain(newer!.id)
    expect(bodyText(await versionDoc(relay, pageId, newer!.id))).toBe('Un texte tout autre.')
    expect(bodyText(await versionDoc(relay, pageId, after[0]!.id))).toBe('Le texte d’origine.')
  })

  it('keeps every version through compaction and a restart', async () => {
    const relay = await start({ CARNET_HISTORY_INTERVAL_MS: '200', CARNET_COMPACT_AFTER_UPDATES: '2' })
    const pageId = newPageId('garde')
    const writer = client(relay, pageId)
    await writer.synced()
    let count = 0
    for (const word of ['un', 'deux', 'trois']) {
      writeMeetingPage(writer.doc, { writer: 'Anne', paragraphs: [word] })
      count = (await moreVersionsThan(relay, pageId, count)).length
    }
    const kept = await versions(relay, pageId)
    writer.destroy()
    expect(await relay.stop()).toBe(0)

    const again = await start({}, relay.dataDir)
    expect((await versions(again, pageId)).slice(-kept.length)).toEqual(kept)
  })

  it('gives a page written before a crash its first version once it is loaded again', async () => {
    const relay = await start({})
    const pageId = newPageId('avant-crash')
    const writer = client(relay, pageId)
    await writer.synced()
    writeMeetingPage(writer.doc, { writer: 'Anne', paragraphs: ['Écrit juste avant la panne.'] })
    await until(async () => ((await getText(`${relay.httpUrl}/api/pages/${pageId}/export?format=txt`)).body.includes('juste avant') ? true : undefined), {
      what: 'the text in the archive',
    })
    expect(await versions(relay, pageId)).toEqual([])
    writer.destroy()
    await relay.crash()

    const again = await start({ CARNET_UNLOAD_AFTER_MS: '50' }, relay.dataDir)
    const reader = client(again, pageId)
    await reader.synced()
    reader.destroy()
    const [version] = await moreVersionsThan(again, pageId, 0)
    expect(bodyText(await versionDoc(again, pageId, version!.id))).toContain('Écrit juste avant la panne.')
  })

  it('answers bad requests with clear errors', async () => {
    const relay = await start({ CARNET_HISTORY_INTERVAL_MS: '200' })
    const pageId = newPageId('erreurs')
    const writer = client(relay, pageId)
    await writer.synced()
    writeMeetingPage(writer.doc, { writer: 'Anne', paragraphs: ['texte'] })
    const [version] = await moreVersionsThan(relay, pageId, 0)

    const base = `${relay.httpUrl}/api/pages`
    expect(await getJson<ApiError>(`${base}/never-written/history`)).toMatchObject({ status: 404, body: { error: 'page not found' } })
    // A trailing slash is the same list, not a version.
    expect(await getJson<ApiError>(`${base}/never-written/history/`)).toMatchObject({ status: 404, body: { error: 'page not found' } })
    expect(await getJson<ApiError>(`${base}/NOT_VALID/history`)).toMatchObject({ status: 400, body: { error: expect.stringMatching(/invalid page id/) } })
    expect(await getJson<ApiError>(`${base}/${pageId}/history/abc`)).toMatchObject({ status: 400, body: { error: expect.stringMatching(/invalid version id/) } })
    expect(await getJson<ApiError>(`${base}/${pageId}/history/0`)).toMatchObject({ status: 400 })
    expect(await getJson<ApiError>(`${base}/${pageId}/history/${version!.id + 1000}`)).toMatchObject({ status: 404, body: { error: 'version not found' } })
    expect(await getJson<ApiError>(`${base}/other-page/history/${version!.id}`)).toMatchObject({ status: 404, body: { error: 'version not found' } })
    expect(await getJson<ApiError>(`${base}/${pageId}/history/${version!.id}?format=pdf`)).toMatchObject({ status: 400, body: { error: expect.stringMatching(/unknown export format/) } })
    expect(await getJson<ApiError>(`${base}/${pageId}/history/${version!.id}/more`)).toMatchObject({ status: 404 })
  })
})
