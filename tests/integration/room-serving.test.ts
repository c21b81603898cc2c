// Serving a public internet room: the address people are given is one the room can reach (never
// `localhost`, even when the facilitator opened Carnet there), join codes stand for a page's links
// for the meeting's time, and HTTPS is there for operators who can have a certificate.
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { request as httpsRequest } from 'node:https'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { encodeAccessRequest, JOIN_CODE_LENGTH, newEditKey, newPageId, type InstanceResponse, type JoinCodesResponse, type JoinResponse } from '@carnet/core'
import { rawSocket } from '../support/raw-socket.js'
import { startRelay, type RelayProcess } from '../support/relay-process.js'
import { addParagraph, stockClient, type StockClient } from '../support/stock-client.js'
import { until } from '../support/until.js'

const run = promisify(execFile)
const relays: RelayProcess[] = []
const clients: StockClient[] = []

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy()
})

afterAll(async () => {
  for (const relay of relays) await relay.crash()
})

async function relay(env: Record<string, string> = {}): Promise<RelayProcess> {
  const started = await startRelay({ env })
  relays.push(started)
  return started
}

/** The first address of this machine on a network (what a room would reach it at). */
function lanAddress(): string {
  const found = Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry?.family === 'IPv4' && !entry.internal)
  if (!found) throw new Error('this machine has no network address besides loopback: the room cannot be served')
  return found.address
}

/** A page claimed with a fresh key by a writer who wrote a line in it. */
async function claimedPage(server: RelayProcess): Promise<{ pageId: string; key: string }> {
  const pageId = newPageId('reunion')
  const key = newEditKey()
  const writer = stockClient(server.syncUrl, pageId, { params: { k: key } })
  clients.push(writer)
  await writer.synced()
  addParagraph(writer.doc, 'Ordre du jour')
  await until(async () => ((await fetch(`${server.httpUrl}/api/pages/${pageId}`)).status === 200 ? true : undefined), { what: 'the page stored' })
  return { pageId, key }
}

async function codesFor(server: RelayProcess, pageId: string, key?: string): Promise<Response> {
  return fetch(`${server.httpUrl}/api/pages/${pageId}/join-codes`, { method: 'POST', headers: key ? { 'X-Carnet-Key': key } : {} })
}

describe('serving a room', () => {
  it('gives the room’s address, not localhost, when Carnet listens on the room’s network', async () => {
    const server = await relay({ HOST: '0.0.0.0' })
    const lan = `http://${lanAddress()}:${server.port}`
    // The facilitator's browser opened Carnet at localhost on the machine that serves the room.
    const instance = (await (await fetch(`http://localhost:${server.port}/api/instance`)).json()) as InstanceResponse
    expect(instance).toMatchObject({ publicUrl: lan, reachableFromRoom: true, secure: false })
    const { pageId } = await claimedPage(server)
    const exported = await (await fetch(`http://localhost:${server.port}/api/pages/${pageId}/export?format=md`)).text()
    expect(exported).toContain(`${lan}/p/${pageId}`)
    expect(exported).not.toContain('localhost')
    // The log says where the room reaches it.
    expect(server.logs.find((line) => line.msg === 'listening')?.roomUrl).toBe(lan)
  })

  it('says when the room cannot reach Carnet at all (it listens on this computer only)', async () => {
    const server = await relay()
    const instance = (await (await fetch(`http://localhost:${server.port}/api/instance`)).json()) as InstanceResponse
    expect(instance.reachableFromRoom).toBe(false)
  })

  it('serves HTTPS with the operator’s certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'carnet-tls-'))
    const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')]
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=carnet.local', '-keyout', key, '-out', cert])
    const server = await relay({ CARNET_TLS_CERT: cert, CARNET_TLS_KEY: key })
    const body = await new Promise<string>((resolve, reject) => {
      httpsRequest(`https://127.0.0.1:${server.port}/api/instance`, { rejectUnauthorized: false }, (res) => {
        let text = ''
        res.on('data', (chunk: Buffer) => (text += chunk.toString()))
        res.on('end', () => resolve(text))
      })
        .on('error', reject)
        .end()
    })
    expect((JSON.parse(body) as InstanceResponse).secure).toBe(true)
  })
})

describe('join codes', () => {
  let server: RelayProcess
  it('gives the edit key’s holder a code that writes, and anyone a code that reads', async () => {
    server = await relay()
    const { pageId, key } = await claimedPage(server)
    const answer = await codesFor(server, pageId, key)
    expect(answer.status).toBe(200)
    const codes = (await answer.json()) as JoinCodesResponse
    expect(codes.edit!.code).toHaveLength(JOIN_CODE_LENGTH)
    expect(codes.read.code).not.toBe(codes.edit!.code)
    // The same codes for everyone who asks during the meeting (the wall and the share dialog agree).
    expect(((await (await codesFor(server, pageId, key)).json()) as JoinCodesResponse).edit!.code).toBe(codes.edit!.code)
    const readOnly = (await (await codesFor(server, pageId)).json()) as JoinCodesResponse
    expect(readOnly).toMatchObject({ edit: null, read: { code: codes.read.code } })

    // Typed on a room laptop: lower case, with dashes.
    const typed = `${codes.edit!.code.slice(0, 3)}-${codes.edit!.code.slice(3, 6)}-${codes.edit!.code.slice(6)}`.toLowerCase()
    expect((await (await fetch(`${server.httpUrl}/api/join/${typed}`)).json()) as JoinResponse).toEqual({ pageId, key })
    expect((await (await fetch(`${server.httpUrl}/api/join/${codes.read.code}`)).json()) as JoinResponse).toEqual({ pageId })
  })

  it('refuses codes to whoever brings a wrong key, and for a page this server does not hold yet', async () => {
    const { pageId } = await claimedPage(server)
    expect((await codesFor(server, pageId, newEditKey())).status).toBe(403)
    const unsaved = await codesFor(server, newPageId('inconnue'), newEditKey())
    expect(unsaved.status).toBe(409)
    expect(await unsaved.json()).toMatchObject({ reason: 'not-stored' })
    expect((await codesFor(server, 'Not A Page')).status).toBe(400)
    const unknown = await fetch(`${server.httpUrl}/api/join/ABC-DEF-GHJ`)
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { error: string }).error).toMatch(/unknown or expired code/)
  })

  it('ends a page’s codes with its meeting (the page closed)', async () => {
    const { pageId, key } = await claimedPage(server)
    const { edit } = (await (await codesFor(server, pageId, key)).json()) as JoinCodesResponse
    const closer = rawSocket(`${server.syncUrl}/${pageId}?carnet=1&k=${key}`)
    await closer.opened
    closer.send(encodeAccessRequest({ action: 'close' }))
    await until(async () => ((await fetch(`${server.httpUrl}/api/join/${edit!.code}`)).status === 404 ? true : undefined), { what: 'the code ended' })
    closer.ws.close()
    const closed = await codesFor(server, pageId, key)
    expect(closed.status).toBe(409)
    expect(await closed.json()).toMatchObject({ reason: 'closed' })
  })

  it('limits guesses per server, whoever makes them (a room shares one address)', async () => {
    const guesser = await relay()
    const answers: number[] = []
    for (let i = 0; i < 80; i++) answers.push((await fetch(`${guesser.httpUrl}/api/join/ZZZ-ZZZ-ZZ${'23456789ABCDEFGHJKMNPQRSTVWXYZ'[i % 30]}`)).status)
    expect(answers.filter((status) => status === 404).length).toBeLessThanOrEqual(70)
    expect(answers).toContain(429)
  })
})
