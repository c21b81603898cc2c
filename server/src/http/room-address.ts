// The address a public internet room reaches this Carnet at. A facilitator often opens Carnet at
// `localhost` on the laptop that serves the room: every link, QR code and export made from that
// page must still carry an address the room can use — `CARNET_PUBLIC_URL` when set; otherwise,
// when the server listens beyond loopback (`HOST=0.0.0.0`), this machine's address on the room's
// network; never `localhost` shown to a room.
import type { IncomingMessage } from 'node:http'
import { networkInterfaces } from 'node:os'

const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|::1)$/i
const PRIVATE_IPV4 = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/

/** This machine's IPv4 addresses on its networks (not loopback), private ones (a room's LAN) first. */
export function lanAddresses(interfaces = networkInterfaces()): string[] {
  const found: string[] = []
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) if (entry.family === 'IPv4' && !entry.internal) found.push(entry.address)
  }
  return found.sort((a, b) => Number(PRIVATE_IPV4.test(b)) - Number(PRIVATE_IPV4.test(a)))
}

/** Whether a host (as in the `Host` header, without its port) names this machine only. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOST.test(host)
}

/**
 * The base URL the room reaches this server at, when it listens on `listenHost`: null when it
 * listens on loopback only (the room cannot reach it at all), or no network address was found.
 */
export function roomBaseUrl(scheme: 'http' | 'https', listenHost: string, port: number, addresses = lanAddresses()): string | null {
  if (isLoopbackHost(listenHost)) return null
  const wildcard = listenHost === '0.0.0.0' || listenHost === '::' || listenHost === ''
  const host = wildcard ? addresses[0] : listenHost
  if (!host) return null
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`
}

/** The host part of a `Host` header (`example.org:8080` → `example.org`, `[::1]:80` → `[::1]`). */
export function hostOf(header: string): string {
  return header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : header.split(':')[0]!
}

/**
 * Whether the browser that sent `request` sees a secure origin: https (here, or at a trusted
 * proxy that says so) or a loopback host. A room's plain http address is not one.
 */
export function trustworthyOrigin(request: IncomingMessage, trustedProxies: number): boolean {
  if ((request.socket as { encrypted?: boolean }).encrypted) return true
  if (trustedProxies > 0 && String(request.headers['x-forwarded-proto'] ?? '').split(',').at(-1)?.trim() === 'https') return true
  return isLoopbackHost(hostOf(request.headers.host ?? ''))
}
