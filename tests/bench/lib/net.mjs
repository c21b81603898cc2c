// Loopback helpers: a free port for a server we start, and a tiny HTTP probe for readiness.
import { request } from 'node:http'
import { createServer } from 'node:net'

export const HOST = '127.0.0.1'

/** @returns {Promise<number>} a port free right now on the loopback interface */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, HOST, () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/**
 * GET a loopback URL; resolves with the status and body, or null when nothing answers.
 * @param {string} url
 * @param {number} [timeoutMs]
 * @returns {Promise<{ status: number, body: string } | null>}
 */
export function httpGet(url, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: timeoutMs }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      res.on('error', () => resolve(null))
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(null))
    req.end()
  })
}
