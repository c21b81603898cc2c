// HTTP hardening and observability: security headers on every answer (a CSP without inline
// script), ids and paths checked on every route, exports with their content types, /metrics in
// Prometheus text format, /healthz checking the database.
import { get as httpGet } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newPageId } from '@carnet/core'
import { REPO_ROOT, startRelay, type RelayProcess } from '../support/relay-process.js'
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { addParagraph, stockClient } from '../support/stock-client.js'
import { waitFor } from '../support/wait.js'

let server: RelayProcess
let pageId: string

beforeAll(async () => {
  server = await startRelay()
  pageId = newPageId('hardening')
  const writer = stockClient(server.syncUrl, pageId)
  const witness = stockClient(server.syncUrl, pageId)
  await Promise.all([writer.synced(), witness.synced()])
  addParagraph(writer.doc, 'Une page <script>alert(1)</script> à exporter')
  writer.doc.getMap('meta').set('title', 'Page <b>durcie</b>')
  await waitFor(() => witness.text().includes('exporter'), { what: 'stored', on: [[witness.doc, 'update']] })
  writer.destroy()
  witness.destroy()
})

afterAll(async () => {
  await server.crash()
})

const get = (path: string) => fetch(`${server.httpUrl}${path}`)

describe('HTTP hardening', () => {
  it.each(['/', '/p/some-page-id', '/archive', '/api/pages', `/api/pages/${'x'.repeat(3)}`, '/healthz', '/nowhere.js'])(
    'sends the security headers on %s',
    async (path) => {
      const res = await get(path)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("script-src 'self'")
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("object-src 'none'")
    },
  )

  it('serves an app shell with no inline script (the CSP would block it)', async () => {
    const res = await get('/')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<div id="app">')
    expect(html).toMatch(/<script type="module"[^>]* src="\/assets\/index-[\w-]+\.js"/)
    for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) {
      expect(tag).toMatch(/\bsrc="/)
      expect(tag.replace(/<script\b[^>]*>|<\/script>/g, '').trim()).toBe('')
    }
  })

  it('never serves files outside the app', async () => {
    for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fserver%2fsrc%2fmain.ts', '/assets/../../../package.json', '/.git/config']) {
      const res = await get(path)
      const body = await res.text()
      expect(body).not.toContain('root:x:0:0')
      expect(body).not.toContain('"packageManager"')
      expect(body).not.toContain('[core]')
    }
  })

  it('checks the page id on every page route', async () => {
    for (const path of ['/api/pages/Bad_Id', '/api/pages/Bad_Id/export?format=md', '/api/pages/Bad_Id/history', '/api/pages/ab/history/1', '/api/pages/%00%00%00']) {
      const res = await get(path)
      expect(res.status, path).toBe(400)
      expect((await res.json()).error).toMatch(/invalid page id/)
    }
    expect((await get('/api/pages/never-written/export?format=md')).status).toBe(404)
    expect((await fetch(`${server.httpUrl}/api/pages`, { method: 'DELETE' })).status).toBe(405)
    expect((await fetch(`${server.httpUrl}/`, { method: 'POST' })).status).toBe(405)
  })

  it('serves each export with its content type, and HTML that does not run page text', async () => {
    const expected: Record<string, RegExp> = {
      md: /^text\/markdown; charset=utf-8$/,
      wiki: /^text\/x-wiki; charset=utf-8$/,
      html: /^text\/html; charset=utf-8$/,
      txt: /^text\/plain; charset=utf-8$/,
      json: /^application\/json/,
      yjs: /^application\/octet-stream$/,
    }
    for (const [format, type] of Object.entries(expected)) {
      const res = await get(`/api/pages/${pageId}/export?format=${format}`)
      expect(res.status, format).toBe(200)
      expect(res.headers.get('content-type'), format).toMatch(type)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    }
    const html = await (await get(`/api/pages/${pageId}/export?format=html`)).text()
    expect(html).not.toContain('<script>alert(1)</script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.toContain('<b>durcie</b>')
  })

  it('answers the API’s and the sync endpoint’s own addresses, never with the app shell', async () => {
    const api = await get('/api')
    expect(api.status).toBe(404)
    expect(await api.json()).toEqual({ error: 'no such API route' })
    const sync = await get(`/sync/${pageId}`)
    expect(sync.status).toBe(426)
    expect(sync.headers.get('upgrade')).toBe('websocket')
    expect((await sync.json()).error).toMatch(/WebSocket sync clients/)
  })

  it('links exports to the page at the address people use, from the proxy’s scheme or CARNET_PUBLIC_URL', async () => {
    const plain = await (await get(`/api/pages/${pageId}/export?format=md`)).text()
    expect(plain).toContain(`http://127.0.0.1:${server.port}/p/${pageId}`)
    const proxied = await startRelay({ env: { CARNET_TRUST_PROXY: '1' }, dataDir: server.dataDir })
    const configured = await startRelay({ env: { CARNET_PUBLIC_URL: 'https://carnet.example.org/' }, dataDir: server.dataDir })
    try {
      const behindTls = await fetch(`${proxied.httpUrl}/api/pages/${pageId}/export?format=md`, { headers: { 'X-Forwarded-Proto': 'https' } })
      expect(await behindTls.text()).toContain(`https://127.0.0.1:${proxied.port}/p/${pageId}`)
      // fetch() will not send another Host: node:http does.
      const text = await new Promise<string>((resolve, reject) => {
        httpGet(`${configured.httpUrl}/api/pages/${pageId}/export?format=md`, { headers: { Host: 'evil.example' } }, (res) => {
          let body = ''
          res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve(body))
        }).on('error', reject)
      })
      expect(text).toContain(`https://carnet.example.org/p/${pageId}`)
      expect(text).not.toContain('evil.example')
    } finally {
      await proxied.crash()
      await configured.crash()
    }
  })

  it('serves the app rebuilt under a running server, and a file gone is a 404, not a crash', async () => {
    const webDir = mkdtempSync(join(tmpdir(), 'carnet-web-'))
    cpSync(join(REPO_ROOT, 'apps/web/dist'), webDir, { recursive: true })
    const served = await startRelay({ env: { CARNET_WEB_DIR: webDir } })
    try {
      writeFileSync(join(webDir, 'assets', 'after-start.js'), 'export {}')
      expect((await fetch(`${served.httpUrl}/assets/after-start.js`)).status).toBe(200)
      rmSync(join(webDir, 'assets', 'after-start.js'))
      expect((await fetch(`${served.httpUrl}/assets/after-start.js`)).status).toBe(404)
      expect((await fetch(`${served.httpUrl}/healthz`)).status).toBe(200)
      expect(served.child.exitCode).toBeNull()
    } finally {
      await served.crash()
      rmSync(webDir, { recursive: true, force: true })
    }
  })

  it('answers /healthz once the database answers, and /metrics in Prometheus text format', async () => {
    const health = await get('/healthz')
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ status: 'ok' })
    const res = await get('/metrics')
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await res.text()
    for (const name of [
      'carnet_connections',
      'carnet_pages_loaded',
      'carnet_updates_total',
      'carnet_update_bytes_total',
      'carnet_messages_total',
      'carnet_store_append_seconds_bucket',
      'carnet_errors_total',
      'carnet_process_resident_memory_bytes',
    ]) {
      expect(text, name).toMatch(new RegExp(`^# TYPE ${name.replace(/_bucket$/, '')} `, 'm'))
    }
    const updates = Number(/^carnet_updates_total (\d+)/m.exec(text)?.[1])
    expect(updates).toBeGreaterThan(0)
    expect(Number(/^carnet_store_append_seconds_count (\d+)/m.exec(text)?.[1])).toBeGreaterThan(0)
  })
})
