// `POST /api/import` over real HTTP on a real relay: every format becomes a page of the archive,
// claimed with the key the answer gives (only its holder writes), indexed, with a first version;
// and every bad request is refused with a 4xx and a French sentence — never a 500.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isValidEditKey, isValidPageId, type ApiError, type ImportResponse, type PageSummary, type SettingsResponse } from '@carnet/core'
import { toDocx } from '@carnet/export/to-docx'
import { encodePageBackup } from '@carnet/export/page-backup'
import * as Y from 'yjs'
import { endedAfterEachTest } from '../support/cleanup.js'
import { getJson, getText } from '../support/http.js'
import { nestedUpdate } from '../support/nested-page.js'
import { REPO_ROOT, startRelay, type RelayProcess } from '../support/relay-process.js'
import { addParagraph, stockClient } from '../support/stock-client.js'
import { prng } from '../support/prng.js'
import { until } from '../support/until.js'

const { relays, clients } = endedAfterEachTest()
const FIXTURES = join(REPO_ROOT, 'packages/export/src/__fixtures__/imports')
const WIKI = 'https://www.wiki-brest.net/index.php'

async function relay(env: Record<string, string> = {}): Promise<RelayProcess> {
  const started = await startRelay({ env: { CARNET_WIKI_URL: WIKI, ...env } })
  relays.push(started)
  return started
}

async function post(server: RelayProcess, query: string, body: Uint8Array | ReadableStream, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
  // A stream is sent chunked, without a length: the server must stop reading at the limit by itself.
  const init = body instanceof ReadableStream ? { body, duplex: 'half' } : { body: body as Uint8Array<ArrayBuffer> }
  const res = await fetch(`${server.httpUrl}/api/import${query}`, { method: 'POST', headers, ...init } as RequestInit)
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers }
}

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)))
}

describe('POST /api/import', () => {
  it('makes a page of each format, claimed with the key it answers, indexed, with a first version', async () => {
    const server = await relay()
    const settings = await getJson<SettingsResponse>(`${server.httpUrl}/api/settings`)
    expect(settings.body).toEqual({ wiki: { url: WIKI, categoryNamespace: 'Catégorie' }, importMaxBytes: 16 * 1024 * 1024 })
    const meetingPage = { id: 'x', meta: { title: 'Assemblée générale', template: '', date: '2025-03-01', place: '', tags: ['Association'], licence: 'CC-BY-SA-4.0' as const, closed: false, createdAt: 0 }, body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Rapport moral adopté.' }] }] } }
    const backupSource = new Y.Doc()
    backupSource.getMap('meta').set('title', 'Page sauvegardée')
    backupSource.getMap('meta').set('closed', true)
    addParagraph(backupSource, 'Texte de la sauvegarde')
    const cases: Array<{ format: string; body: Uint8Array; title: string; tags: string[]; text: string }> = [
      { format: 'md', body: fixture('reunion-hedgedoc.md'), title: 'Conseil de quartier du 14 février', tags: ['Quartier', 'Vie associative'], text: 'Ouvrir le **PAPI** le samedi' },
      { format: 'wiki', body: fixture('conseil-de-quartier.wiki'), title: 'Conseil de quartier de Bellevue', tags: ['Quartier de Bellevue', 'Compte rendu'], text: `[page d'accueil](${WIKI}?title=Page_d'accueil)` },
      { format: 'html', body: fixture('page-web.html'), title: 'Atelier réparation de vélos', tags: [], text: '2. Réglage des freins' },
      { format: 'docx', body: await toDocx(meetingPage), title: 'Assemblée générale', tags: ['Association'], text: 'Rapport moral adopté.' },
      { format: 'carnet', body: encodePageBackup(backupSource), title: 'Page sauvegardée', tags: [], text: 'Texte de la sauvegarde' },
    ]
    for (const { format, body, title, tags, text } of cases) {
      const answer = await post(server, `?format=${format}&name=fichier.${format}`, body)
      expect(answer.status, `${format}: ${JSON.stringify(answer.body)}`).toBe(201)
      const { id, key } = answer.body as ImportResponse
      expect(isValidPageId(id) && isValidEditKey(key)).toBe(true)
      expect(answer.headers.get('location')).toBe(`/p/${id}`)
      const summary = await getJson<PageSummary>(`${server.httpUrl}/api/pages/${id}`)
      expect(summary.body).toMatchObject({ title, tags, closed: false })
      expect((await getText(`${server.httpUrl}/api/pages/${id}/export?format=md`)).body).toContain(text)
      expect((await getJson(`${server.httpUrl}/api/pages/${id}/history`)).body.versions).toHaveLength(1)
      // The key is the only place it appears: never in the page's description or exports.
      expect(JSON.stringify(summary.body)).not.toContain(key)
    }
    const search = await getJson<{ pages: PageSummary[] }>(`${server.httpUrl}/api/pages?q=bellevue`)
    expect(search.body.pages.map((page) => page.title)).toEqual(['Conseil de quartier de Bellevue'])
  })

  it('gives a page only the key holder may write, through the relay like any other', async () => {
    const server = await relay()
    const { id, key } = (await post(server, '?format=md', new TextEncoder().encode('# Réunion\n\nPremier point'))).body as ImportResponse
    const holder = stockClient(server.syncUrl, id, { params: { k: key } })
    const stranger = stockClient(server.syncUrl, id)
    clients.push(holder, stranger)
    await Promise.all([holder.synced(), stranger.synced()])
    expect(stranger.text()).toContain('Premier point')
    const refusal = stranger.nextRefusal()
    addParagraph(stranger.doc, 'Écrit sans la clé')
    expect(await refusal).toMatch(/read-only|edit key/)
    addParagraph(holder.doc, 'Écrit avec la clé')
    await until(async () => ((await getText(`${server.httpUrl}/api/pages/${id}/export?format=txt`)).body.includes('Écrit avec la clé') ? true : undefined), { what: 'the key holder\'s paragraph stored' })
    expect((await getText(`${server.httpUrl}/api/pages/${id}/export?format=txt`)).body).not.toContain('Écrit sans la clé')
  })

  it('refuses every bad request with a 4xx and a sentence, and creates nothing', async () => {
    const server = await relay({ CARNET_MAX_IMPORT_BYTES: '4096', CARNET_MAX_PAGE_BYTES: '2048', CARNET_ALLOWED_ORIGINS: 'https://carnet.example.org' })
    const text = (value: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(value)
    const deepBackup = (() => {
      const doc = new Y.Doc()
      Y.applyUpdate(doc, nestedUpdate(80))
      doc.getMap('meta').set('title', 'Trop profond')
      return Y.encodeStateAsUpdate(doc)
    })()
    const emptyBackup = Y.encodeStateAsUpdate(new Y.Doc())
    const refusals: Array<[string, Promise<{ status: number; body: any }>, number, RegExp]> = [
      ['GET', fetch(`${server.httpUrl}/api/import?format=md`).then(async (res) => ({ status: res.status, body: await res.json() })), 405, /POST/],
      ['no format', post(server, '', text('# x')), 400, /format du fichier manque.*md, wiki, html, docx, carnet/],
      ['unknown format', post(server, '?format=pdf', text('# x')), 400, /« pdf » n’est pas connu/],
      ['empty body', post(server, '?format=md', text('')), 400, /vide/],
      ['announced too large', post(server, '?format=md', text('x'.repeat(5000))), 413, /trop gros.*4 ?Ko|trop gros/],
      ['streamed too large', post(server, '?format=md', new Blob([text('a'.repeat(3000)), text('b'.repeat(3000))]).stream(), { 'Content-Type': 'text/markdown' }), 413, /trop gros/],
      ['not UTF-8', post(server, '?format=wiki', new Uint8Array([0x3d, 0xff, 0xfe, 0x3d])), 422, /UTF-8/],
      ['nothing in it', post(server, '?format=html', text('<html><head><script>x</script></head><body> </body></html>')), 422, /vide/],
      ['too deep', post(server, '?format=wiki', text(Array.from({ length: 40 }, (_, i) => `${'*'.repeat(i + 1)} ${i}`).join('\n'))), 422, /64 au plus/],
      ['too deep backup', post(server, '?format=carnet', deepBackup), 422, /imbriqué trop profondément/],
      ['page too large', post(server, '?format=md', text(`# Gros\n\n${'mot '.repeat(900)}`)), 413, /trop grosse pour l’archive/],
      ['not a .docx', post(server, '?format=docx', text('pas un zip')), 422, /document Word/],
      ['not a backup', post(server, '?format=carnet', text('pas une sauvegarde')), 422, /pas une sauvegarde Carnet/],
      ['a backup of nothing', post(server, '?format=carnet', emptyBackup), 422, /ne contient pas de page/],
      ['foreign origin', post(server, '?format=md', text('# x'), { Origin: 'https://ailleurs.example' }), 403, /pas autorisé/],
    ]
    for (const [what, answer, status, message] of refusals) {
      const { status: got, body } = await answer
      expect(got, `${what}: ${JSON.stringify(body)}`).toBe(status)
      expect((body as ApiError).error, what).toMatch(message)
    }
    expect((await getJson<{ pages: unknown[] }>(`${server.httpUrl}/api/pages`)).body.pages).toEqual([])
    // The same page from the allowed origin is accepted.
    expect((await post(server, '?format=md', text('# Permis'), { Origin: 'https://carnet.example.org' })).status).toBe(201)
  })

  it('refuses a file too costly to read, in a worker, while the relay goes on serving', async () => {
    const server = await relay({ CARNET_IMPORT_TIMEOUT_MS: '1500' })
    // Wiki tables cost wikiparser-node seconds for a few hundred kilobytes.
    const tables = '{|\n! a !! b\n|-\n| c || d\n|}\n'.repeat(12_000)
    let read = false
    const slow = post(server, '?format=wiki', new TextEncoder().encode(tables)).finally(() => (read = true))
    // Meanwhile the relay answers: before the file is read (in the relay's own thread it could not,
    // until the reading had ended).
    const health = await getJson(`${server.httpUrl}/healthz`)
    expect(health.status).toBe(200)
    expect(read).toBe(false)
    const answer = await slow
    expect(answer.status).toBe(422)
    expect(answer.body.error).toMatch(/trop long ou trop lourd à lire/)
    expect((await post(server, '?format=wiki', new TextEncoder().encode('Petite page'))).status).toBe(201)
  })

  it('limits how many imports one address makes per minute', async () => {
    const server = await relay({ CARNET_IMPORTS_PER_MINUTE: '3' })
    const statuses: number[] = []
    let last: { status: number; body: any; headers: Headers } | null = null
    for (let i = 0; i < 4; i++) {
      last = await post(server, '?format=md', new TextEncoder().encode(`# Page ${i}`))
      statuses.push(last.status)
    }
    expect(statuses).toEqual([201, 201, 201, 429])
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(last?.body.error).toMatch(/Trop d’imports.*réessayez dans \d+ s/)
  })

  it('answers random bytes in every format with a 201 or a 4xx, never a 500', async () => {
    const server = await relay({ CARNET_IMPORTS_PER_MINUTE: '1000' })
    const seed = Number(process.env['IMPORT_SEED'] ?? 1717)
    const random = prng(seed).next
    const formats = ['md', 'wiki', 'html', 'docx', 'carnet']
    const markup = ['{|', '|}', '* ', '# ', '== ', "'''", '<table>', '<li>', '[[', ']]', '{{', '}}', '---\n', '> ', '| a |', '<!--', '\n', '\u0000', '\uFFFD', 'é']
    for (let round = 0; round < 40; round++) {
      const format = formats[round % formats.length] as string
      const size = Math.floor(random() * 400)
      const bytes =
        round % 2 === 0
          ? new Uint8Array(Array.from({ length: size }, () => Math.floor(random() * 256)))
          : new TextEncoder().encode(Array.from({ length: size / 4 }, () => markup[Math.floor(random() * markup.length)]).join(''))
      const answer = await post(server, `?format=${format}`, bytes)
      expect([201, 400, 413, 422], `seed ${seed}, round ${round} (${format}): ${answer.status} ${JSON.stringify(answer.body)}`).toContain(answer.status)
    }
  })
})
