// One Node process, one port: the built PWA, the archive API, `/healthz`, and the relay's
// WebSocket endpoint `/sync/<pageId>`. node:http is enough for a handful of routes and gives the
// relay the raw upgrade it needs; sirv serves the static files.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { readFileSync } from 'node:fs'
import { isValidPageId, type InstanceResponse, type LinkState } from '@carnet/core'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { Logger } from 'pino'
import type { Config } from '../config.js'
import type { PageStore } from '../archive/store.js'
import { singleProcess, type Fanout } from '../cluster/fanout.js'
import { Relay } from '../relay/relay.js'
import { RelayMetrics } from '../observability/metrics.js'
import { handleApi } from './api.js'
import { handleProjectApi } from './project-api.js'
import { backfillProjectLists } from '../archive/project-backfill.js'
import { handleAdmin } from './admin.js'
import { sendError, sendJson, setSecurityHeaders } from './respond.js'
import { createStaticHandler } from './static-files.js'
import { clientAddress, forwardedScheme } from './client-address.js'
import { RoomLinks } from '../federation/room-links.js'
import { handleJoinCodes, joinLookupBudget } from './join-code-api.js'
import { handlePageFiles } from './page-files-api.js'
import { PhotoChecks } from './photo-checks.js'
import { FILE_SWEEP_EVERY_MS, sweepUnusedFiles } from '../archive/file-sweep.js'
import { backgroundWork } from '../relay/background-work.js'
import { hostOf, isLoopbackHost, roomBaseUrl, trustworthyOrigin } from './room-address.js'
import { Upstream, type UpstreamStatus } from '../federation/upstream.js'
import { ImportRateLimit } from './import-rate-limit.js'
import { DEFAULT_IMPORT_WORKER_LIMITS, ImportWorkers } from '../import/import-workers.js'
import { decodePathSegment } from './path-segment.js'

const SYNC_PREFIX = '/sync/'
/** A facilitator's "bring this page down now" on a room relay. */
const PULL_ROUTE = /^\/api\/pages\/([^/]+)\/pull$/
/** Where room relays link to a city's Carnet (see federation/). */
const FEDERATION_PATH = '/federation'

export interface CarnetServer {
  http: Server
  relay: Relay
  /** Where a room reaches this server (its LAN address when it listens beyond loopback), once listening. */
  roomUrl(): string | null
  listen(): Promise<AddressInfo>
  stop(): Promise<void>
}

export interface ServerOptions {
  /** Token of the operator routes (`/admin/…`), from `server.json`. */
  adminToken: string
  /** The other relay processes sharing the archive (Redis); one process alone by default. */
  fanout?: Fanout
}

export function createCarnetServer(config: Config, store: PageStore, log: Logger, options: ServerOptions): CarnetServer {
  const metrics = new RelayMetrics()
  const fanout = options.fanout ?? singleProcess
  if (fanout.status().mode === 'redis') {
    metrics.watchFanout(() => {
      const link = fanout.status()
      return link.mode === 'redis' && link.connected
    })
  }
  const upstream = config.upstream ? new Upstream({ ...config.upstream, heartbeatMs: config.relay.pingIntervalMs }, store, log) : null
  const relay = new Relay(
    store,
    {
      ...(upstream ? { links: upstream, linkState: () => linkStateOf(upstream.status()) } : {}),
      compactAfterUpdates: config.relay.compactAfterUpdates,
      maxPageBytes: config.limits.maxPageBytes,
      maxBufferedBytes: config.limits.maxBufferedBytes,
      unloadAfterMs: config.relay.unloadAfterMs,
      pingIntervalMs: config.relay.pingIntervalMs,
      historyIntervalMs: config.relay.historyIntervalMs,
      messagesPerSecond: config.limits.messagesPerSecond,
      messageBurst: config.limits.messageBurst,
      bytesPerSecond: config.limits.bytesPerSecond,
      bytesBurst: config.limits.bytesBurst,
      maxLoadedPages: config.limits.maxLoadedPages,
      maxConnectionsPerAddress: config.limits.maxConnectionsPerAddress,
      allowedOrigins: config.limits.allowedOrigins,
      fanout,
    },
    log,
    metrics,
  )
  metrics.watchPresence(() => relay.presenceCounts())
  const roomLinks = config.roomTokens.length > 0 ? new RoomLinks(config.roomTokens, relay, store, log, config.relay.pingIntervalMs) : null
  if (upstream) {
    metrics.watchUpstream(() => upstream.status())
    upstream.onStatus((status) => relay.announceLink(linkStateOf(status)))
  }
  if (roomLinks) metrics.watchRoomLinks(() => roomLinks.count)
  const serveStatic = createStaticHandler(config.webDir)
  const joinLookups = joinLookupBudget()
  const loaded = { loadedDoc: (pageId: string) => relay.loadedRoom(pageId)?.doc }
  // Exports link back to the page: to the configured address, else the one the request came to
  // (its scheme from the proxy when the proxy is trusted).
  // Set once listening (the port is known then): where the room reaches this server, if it can.
  let roomBase: string | null = null
  const ownScheme: 'http' | 'https' = config.tls ? 'https' : 'http'
  const publicUrl = (req: IncomingMessage): string => {
    if (config.publicUrl) return config.publicUrl
    const host = req.headers.host ?? `${config.host}:${config.port}`
    // Opened at localhost on the machine that serves the room: the room needs the LAN address.
    if (roomBase && isLoopbackHost(hostOf(host))) return roomBase
    const scheme = forwardedScheme(req, config.limits.trustedProxies) ?? ownScheme
    return `${scheme}://${host}`
  }

  // Photos received are hashed and read in a thread of their own (photo-checks.ts).
  const photoChecks = new PhotoChecks()
  const photoLimits = { maxImageBytes: config.limits.maxImageBytes, maxPageBytes: config.limits.maxPageImagesBytes, maxServerBytes: config.limits.maxImagesBytes }
  // A photo added here goes up a room relay's link to the city, and down a city's links to its rooms.
  const photoAdded = (pageId: string, sha256: string) => {
    void upstream?.fileAdded(pageId, sha256)
    roomLinks?.fileAdded(pageId, sha256)
  }
  const importer = {
    store,
    photoLimits,
    photoChecks,
    photoAdded,
    maxBytes: config.imports.maxBytes,
    maxPageBytes: config.limits.maxPageBytes,
    wiki: config.wiki,
    rateLimit: new ImportRateLimit(config.imports.perMinute),
    workers: new ImportWorkers({ ...DEFAULT_IMPORT_WORKER_LIMITS, timeoutMs: config.imports.timeoutMs, maxHeapMb: config.imports.maxHeapMb }),
    clientAddress: (req: IncomingMessage) => clientAddress(req, config.limits.trustedProxies).address,
    allowedOrigins: config.limits.allowedOrigins,
    log,
  }
  const formTargets = config.wiki ? [new URL(config.wiki.url).origin] : []

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res, formTargets, trustworthyOrigin(req, config.limits.trustedProxies))
    const url = new URL(req.url ?? '/', 'http://carnet')
    if (url.pathname === '/healthz') {
      try {
        await store.check()
        if (metrics.storageRefusesWrites()) {
          sendJson(res, 503, { status: 'degraded', error: 'storage refuses writes (disk full or locked?)' })
          return
        }
        // Fan-out down is not the archive down: each process still serves and stores its clients
        // (they catch up when Redis returns), so the load balancer keeps sending traffic.
        const link = fanout.status()
        sendJson(res, 200, {
          status: 'ok',
          pagesLoaded: relay.loadedPages,
          connections: relay.connectionCount,
          ...(link.mode === 'redis' ? { fanout: link.connected ? 'connected' : 'reconnecting' } : {}),
          ...(upstream ? { upstream: upstreamHealth(upstream.status()) } : {}),
          ...(roomLinks ? { roomLinks: roomLinks.count } : {}),
        })
      } catch (error) {
        log.error({ err: error }, 'health check failed')
        sendJson(res, 503, { status: 'error', error: 'storage unavailable' })
      }
      return
    }
    if (url.pathname === '/metrics') {
      const text = await metrics.registry.metrics()
      res.writeHead(200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' })
      res.end(text)
      return
    }
    if (url.pathname === '/sync' || url.pathname.startsWith(SYNC_PREFIX)) {
      // Not the app shell: a program that forgot to upgrade should hear what this address is.
      res.setHeader('Upgrade', 'websocket')
      sendError(res, 426, 'this address is for WebSocket sync clients (y-websocket); people open pages at /p/<pageId>')
      return
    }
    if (await handleAdmin(req, res, url, { token: options.adminToken, store, relay, upstream, log })) return
    if (await handleJoinCodes(req, res, url, { store, lookups: joinLookups })) return
    if (
      await handlePageFiles(req, res, url, {
        store,
        metrics,
        limits: photoLimits,
        checks: photoChecks,
        added: photoAdded,
      })
    )
      return
    if (url.pathname === '/api/instance' && (req.method === 'GET' || req.method === 'HEAD')) {
      const body: InstanceResponse = {
        publicUrl: publicUrl(req),
        reachableFromRoom: config.publicUrl !== null || roomBase !== null || !isLoopbackHost(hostOf(req.headers.host ?? '')),
        secure: config.tls !== null || forwardedScheme(req, config.limits.trustedProxies) === 'https',
        ...(upstream ? { link: linkStateOf(upstream.status()) } : {}),
      }
      sendJson(res, 200, body)
      return
    }
    if (upstream && req.method === 'POST' && PULL_ROUTE.test(url.pathname)) {
      await pullForFacilitator(res, decodePathSegment(PULL_ROUTE.exec(url.pathname)![1]!), upstream)
      return
    }
    if (await handleProjectApi(req, res, url, { store })) return
    if (await handleApi(req, res, url, { store, loaded, publicUrl, importer })) return
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 405, 'method not allowed')
      return
    }
    serveStatic(req, res)
  }

  // Photos no page names any more go, in the background (archive/file-sweep.ts).
  let sweeper: NodeJS.Timeout | null = null
  const sweepFiles = () => {
    sweepUnusedFiles(store, Date.now(), (job) => backgroundWork.run(job)).then(
      (removed) => removed > 0 && log.info({ removed }, 'photos no page uses any more were deleted'),
      (error: unknown) => log.warn({ err: error }, 'the sweep of unused photos failed'),
    )
  }

  // Pages archived before the project lists existed join them, in the background (archive/project-backfill.ts).
  let stopping = false
  const indexOlderPages = () => {
    backfillProjectLists(store, (job) => (stopping ? Promise.resolve() : backgroundWork.run(job))).then(
      (report) => {
        if (report.indexed > 0) log.info({ indexed: report.indexed }, 'older pages were indexed for the decisions and actions lists')
        for (const { pageId, error } of report.failed) log.warn({ err: error, pageId }, 'an older page could not be indexed for the decisions and actions lists')
      },
      (error: unknown) => !stopping && log.warn({ err: error }, 'indexing older pages for the decisions and actions lists failed'),
    )
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    route(req, res).catch((error: unknown) => {
      log.error({ err: error, method: req.method, path: req.url?.split('?')[0] }, 'request failed')
      if (!res.headersSent) sendError(res, 500, 'internal error')
      else res.destroy()
    })
  }
  const http: Server = config.tls ? createHttpsServer({ cert: readFileSync(config.tls.cert), key: readFileSync(config.tls.key) }, handler) : createServer(handler)

  const wss = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxMessageBytes, perMessageDeflate: false })
  // A room relay's link carries whole pages' syncs: frames up to a page's size.
  const linkServer = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxPageBytes + 1024 * 1024, perMessageDeflate: false })
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    if (path === FEDERATION_PATH && roomLinks) {
      if (!roomLinks.authorized(req)) {
        log.warn({ address: req.socket.remoteAddress }, 'federation: a link with a token this Carnet does not trust was refused')
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
        return
      }
      linkServer.handleUpgrade(req, socket, head, (ws) => roomLinks.accept(ws))
      return
    }
    if (!path.startsWith(SYNC_PREFIX)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    const pageId = decodePathSegment(path.slice(SYNC_PREFIX.length))
    wss.handleUpgrade(req, socket, head, (ws) => relay.handleConnection(ws, req, pageId, clientAddress(req, config.limits.trustedProxies)))
  })

  return {
    http,
    relay,
    roomUrl: () => config.publicUrl ?? roomBase,
    listen: () =>
      new Promise((resolve, reject) => {
        http.once('error', reject)
        http.listen(config.port, config.host, () => {
          http.off('error', reject)
          const address = http.address() as AddressInfo
          roomBase = roomBaseUrl(ownScheme, config.host, address.port)
          sweeper = setInterval(sweepFiles, FILE_SWEEP_EVERY_MS)
          sweeper.unref()
          const first = setTimeout(sweepFiles, 60_000)
          first.unref()
          if (upstream) void upstream.start(relay)
          indexOlderPages()
          resolve(address)
        })
      }),
    async stop() {
      stopping = true
      const closed = new Promise<void>((resolve) => http.close(() => resolve()))
      http.closeIdleConnections()
      roomLinks?.stop()
      if (sweeper) clearInterval(sweeper)
      await relay.stop()
      upstream?.stop()
      linkServer.close()
      wss.close()
      http.closeAllConnections()
      await closed
      await photoChecks.close()
    },
  }
}

/** The room relay's link as /healthz tells it: up or down since when, and what waits to be sent. */
function upstreamHealth(status: UpstreamStatus): Record<string, unknown> {
  return {
    state: status.connected ? 'linked' : 'cut',
    since: new Date(status.since).toISOString(),
    pagesWaiting: status.pagesWaiting,
    oldestWaitingSince: status.oldestWaiting === null ? null : new Date(status.oldestWaiting).toISOString(),
    movedAside: status.movedAside,
  }
}

/**
 * `POST /api/pages/<id>/pull` on a room relay: the page is brought down from the city now, so that
 * it is here even if the link drops before the meeting. Anyone may ask (pages are public); one at
 * a time per page.
 */
const pulling = new Set<string>()
async function pullForFacilitator(res: ServerResponse, pageId: string, upstream: Upstream): Promise<void> {
  if (!isValidPageId(pageId)) {
    sendError(res, 400, 'invalid page id: expected 3 to 64 characters among a-z, 0-9 and "-"')
    return
  }
  if (pulling.has(pageId)) {
    sendError(res, 429, 'this page is being brought down already')
    return
  }
  pulling.add(pageId)
  try {
    await upstream.pull([pageId], 20_000)
    sendJson(res, 200, { status: 'pulled', pages: [pageId] })
  } catch (error) {
    sendError(res, 503, (error as Error).message)
  } finally {
    pulling.delete(pageId)
  }
}

function linkStateOf(status: UpstreamStatus): LinkState {
  return { linked: status.connected, since: status.since }
}
