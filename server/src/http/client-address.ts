// Who is on the other end of a request. Behind reverse proxies, X-Forwarded-For lists the
// addresses each hop saw, the client's own choice first: nginx's `$proxy_add_x_forwarded_for` and
// HAProxy's `option forwardfor` append what they see after whatever the client sent. Only the
// entries written by proxies the operator declares can be trusted: with one proxy
// (`CARNET_TRUST_PROXY=1`) the last entry is the proxy's view of the client, with two the one
// before it, and so on. Anything earlier is the client's to forge.
import type { IncomingMessage } from 'node:http'

export interface ClientAddress {
  address: string
  /** Read from a proxy's header, not from the socket: never exempt from the limits as loopback. */
  forwarded: boolean
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/

/** The address of the request's client, trusting the last `trustedProxies` hops' headers. */
export function clientAddress(request: IncomingMessage, trustedProxies: number): ClientAddress {
  const socketAddress = request.socket.remoteAddress ?? 'unknown'
  if (trustedProxies <= 0) return { address: socketAddress, forwarded: false }
  const entries = headerEntries(request.headers['x-forwarded-for'])
  // Fewer entries than trusted hops: the first one is as close to the client as the header goes.
  const entry = entries[Math.max(0, entries.length - trustedProxies)]
  return entry ? { address: entry, forwarded: true } : { address: socketAddress, forwarded: false }
}

/** The scheme the client used, as the nearest trusted proxy says (its header replaces the client's). */
export function forwardedScheme(request: IncomingMessage, trustedProxies: number): 'http' | 'https' | null {
  if (trustedProxies <= 0) return null
  const entries = headerEntries(request.headers['x-forwarded-proto'])
  const last = entries[entries.length - 1]?.toLowerCase()
  return last === 'https' ? 'https' : last === 'http' ? 'http' : null
}

/** Loopback is exempt from the per-address cap only when the socket itself comes from it. */
export function isExemptLoopback(client: ClientAddress): boolean {
  return !client.forwarded && LOOPBACK.test(client.address)
}

function headerEntries(header: string | string[] | undefined): string[] {
  // Node joins repeated X-Forwarded-For headers with ", " (HAProxy adds a header per hop).
  const joined = Array.isArray(header) ? header.join(',') : (header ?? '')
  return joined
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
}
