// Serves the built PWA. Hashed assets are cached for a year; the shell (index.html, the service
// worker, the manifest) is revalidated on every load so a new version reaches browsers. Unknown
// paths under the app's routes get index.html (client-side routing).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import sirv from 'sirv'
import { sendText } from './respond.js'

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => void

export function createStaticHandler(webDir: string): StaticHandler {
  if (!existsSync(join(webDir, 'index.html'))) {
    return (_req, res) =>
      sendText(
        res,
        503,
        `L'application web n'est pas construite (${webDir} est vide) : lancez « pnpm build ».\n` +
          `The web app is not built: run "pnpm build".\n`,
        'text/plain; charset=utf-8',
      )
  }
  const serve = sirv(webDir, {
    // Each request looks the file up on disk instead of in a list made at start: the app rebuilt
    // under a running server (new asset names) is served at once, and a file gone is a 404, not a
    // read of a missing file (which took the process down).
    dev: true,
    single: true,
    etag: true,
    gzip: true,
    brotli: true,
    dotfiles: false,
    setHeaders(res, pathname) {
      const immutable = pathname.startsWith('/assets/')
      res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      if (pathname.endsWith('.webmanifest')) res.setHeader('Content-Type', 'application/manifest+json')
    },
  })
  return (req, res) =>
    serve(req, res, () => sendText(res, 404, 'Not found\n', 'text/plain; charset=utf-8'))
}
