// One Node process, one port: the built PWA, the archive API, `/healthz`, and the relay's
// WebSocket endpoint `/sync/<pageId>`. node:http is enough for a handful of routes and gives the
// relay the raw upgrade it needs; sirv serves the static files.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
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
import { handleAdmin } from './admin.js'
import { sendError, sendJson, setSecurityHeaders } from './respond.js'
import { createStaticHandler } from './static-files.js'
import { clientAddress, forwardedScheme } from './client-address.js'
import { ImportRateLimit } from './import-rate-limit.js'
import { DEFAULT_IMPORT_WORKER_LIMITS, ImportWorkers } from '../import/import-workers.js'
import { decodePathSegment } from './path-segment.js'

const SYNC_PREFIX = '/sync/'

export interface CarnetServer {
  http: Server
  relay: Relay
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
  const relay = new Relay(
    store,
    {
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
  const serveStatic = createStaticHandler(config.webDir)
  const loaded = { loadedDoc: (pageId: string) => relay.loadedRoom(pageId)?.doc }
  // Exports link back to the page: to the configured address, else the one the request came to
  // (its scheme from the proxy when the proxy is trusted).
  const publicUrl = (req: IncomingMessage): string => {
    if (config.publicUrl) return config.publicUrl
    const scheme = forwardedScheme(req, config.limits.trustedProxies) ?? 'http'
    return `${scheme}://${req.headers.host ?? `${config.host}:${config.port}`}`
  }

  const importer = {
    store,
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
    setSecurityHeaders(res, formTargets)
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
    if (await handleAdmin(req, res, url, { token: options.adminToken, store, relay, log })) return
    if (await handleApi(req, res, url, { store, loaded, publicUrl, importer })) return
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 405, 'method not allowed')
      return
    }
    serveStatic(req, res)
  }

  const http = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      log.error({ err: error, method: req.method, path: req.url?.split('?')[0] }, 'request failed')
      if (!res.headersSent) sendError(res, 500, 'internal error')
      else res.destroy()
    })
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxMessageBytes, perMessageDeflate: false })
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
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
    listen: () =>
      new Promise((resolve, reject) => {
        http.once('error', reject)
        http.listen(config.port, config.host, () => {
          http.off('error', reject)
          resolve(http.address() as AddressInfo)
        })
      }),
    async stop() {
      const closed = new Promise<void>((resolve) => http.close(() => resolve()))
      http.closeIdleConnections()
      await relay.stop()
      wss.close()
      http.closeAllConnections()
      await closed
    },
  }
}
