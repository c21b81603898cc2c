// Operator routes, reachable only from this machine with the token in `server.json`:
// `POST /admin/restore` replaces the whole archive by a backup while the server runs;
// `POST /admin/pull` brings pages down from the city's Carnet into a room relay (`carnet pull`).
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isAbsolute } from 'node:path'
import type { Logger } from 'pino'
import type { ArchiveAdministration } from '../archive/store.js'
import { InvalidBackupError } from '../archive/sqlite-store.js'
import type { Relay } from '../relay/relay.js'
import type { Upstream } from '../federation/upstream.js'
import { isValidPageId } from '@carnet/core'
import { sendError, sendJson } from './respond.js'

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/
const MAX_BODY = 16 * 1024

export interface AdminDeps {
  token: string
  store: Pick<ArchiveAdministration, 'restoreFrom'>
  relay: Relay
  /** The room relay's link to the city, if this is one. */
  upstream: Pick<Upstream, 'pull'> | null
  log: Logger
}

export async function handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL, deps: AdminDeps): Promise<boolean> {
  if (!url.pathname.startsWith('/admin/')) return false
  // Only from this machine (loopback, or the server's own address), and with the token.
  const remote = req.socket.remoteAddress ?? ''
  const local = LOOPBACK.test(remote) || remote === req.socket.localAddress
  if (!local || !tokenMatches(req.headers.authorization, deps.token)) {
    sendError(res, 403, 'forbidden')
    return true
  }
  if (url.pathname === '/admin/pull' && req.method === 'POST') {
    await pull(req, res, deps)
    return true
  }
  if (url.pathname !== '/admin/restore' || req.method !== 'POST') {
    sendError(res, 404, 'no such admin route')
    return true
  }
  const body = await readBody(req)
  const file = (body as { file?: unknown } | null)?.file
  if (typeof file !== 'string' || !isAbsolute(file)) {
    sendError(res, 400, 'expected {"file": "/absolute/path/to/backup.sqlite"}')
    return true
  }
  if (!deps.store.restoreFrom) {
    sendError(res, 501, 'this archive cannot be restored from a file (use the database’s own tools)')
    return true
  }
  try {
    const restore = deps.store.restoreFrom.bind(deps.store)
    await deps.relay.whilePaused(() => restore(file))
    deps.log.info({ file }, 'archive restored')
    sendJson(res, 200, { status: 'restored' })
  } catch (error) {
    deps.log.error({ err: error, file }, 'restore failed')
    sendError(res, error instanceof InvalidBackupError ? 400 : 500, (error as Error).message)
  }
  return true
}

async function pull(req: IncomingMessage, res: ServerResponse, deps: AdminDeps): Promise<void> {
  if (!deps.upstream) {
    sendError(res, 409, 'this Carnet is not a room relay (CARNET_UPSTREAM_URL is not set): there is nothing to pull from')
    return
  }
  const pages = (await readBody(req) as { pages?: unknown } | null)?.pages
  if (!Array.isArray(pages) || pages.length === 0 || !pages.every((id) => typeof id === 'string' && isValidPageId(id))) {
    sendError(res, 400, 'expected {"pages": ["<pageId>", …]} with valid page ids')
    return
  }
  try {
    await deps.upstream.pull(pages as string[])
    deps.log.info({ pages }, 'pages brought down from the city')
    sendJson(res, 200, { status: 'pulled', pages })
  } catch (error) {
    sendError(res, 503, (error as Error).message)
  }
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer /, '') ?? '')
  const expected = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  let size = 0
  const chunks: Buffer[] = []
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) return null
    chunks.push(chunk as Buffer)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    return null
  }
}
