import { describe, expect, it } from 'vitest'
import type { IncomingMessage } from 'node:http'
import { clientAddress, forwardedScheme, isExemptLoopback } from './client-address.js'

function request(remoteAddress: string, headers: Record<string, string | string[]> = {}): IncomingMessage {
  return { socket: { remoteAddress }, headers } as unknown as IncomingMessage
}

describe('clientAddress', () => {
  it('takes the socket address when no proxy is trusted, whatever the headers say', () => {
    expect(clientAddress(request('198.51.100.4', { 'x-forwarded-for': '203.0.113.9' }), 0)).toEqual({ address: '198.51.100.4', forwarded: false })
  })

  it('takes the last entry behind one proxy: the entries before it are the client’s own', () => {
    // nginx appends the address it sees after what the client sent.
    const forged = request('127.0.0.1', { 'x-forwarded-for': '10.9.8.7, 127.0.0.1, 198.51.100.4' })
    expect(clientAddress(forged, 1)).toEqual({ address: '198.51.100.4', forwarded: true })
  })

  it('takes the entry each declared proxy vouches for', () => {
    const twoHops = request('127.0.0.1', { 'x-forwarded-for': 'forged, 198.51.100.4, 10.0.0.2' })
    expect(clientAddress(twoHops, 2).address).toBe('198.51.100.4')
    expect(clientAddress(twoHops, 5).address).toBe('forged')
  })

  it('reads repeated headers (one per hop, as HAProxy adds them) in order', () => {
    const repeated = request('127.0.0.1', { 'x-forwarded-for': ['1.2.3.4', '198.51.100.4'] })
    expect(clientAddress(repeated, 1).address).toBe('198.51.100.4')
  })

  it('falls back to the socket when the proxy sent no header', () => {
    expect(clientAddress(request('10.0.0.2'), 1)).toEqual({ address: '10.0.0.2', forwarded: false })
  })

  it('exempts loopback only when the socket itself is loopback', () => {
    expect(isExemptLoopback(clientAddress(request('127.0.0.1'), 0))).toBe(true)
    expect(isExemptLoopback(clientAddress(request('127.0.0.1', { 'x-forwarded-for': '127.0.0.1' }), 1))).toBe(false)
    expect(isExemptLoopback(clientAddress(request('::ffff:127.0.0.1'), 0))).toBe(true)
    expect(isExemptLoopback(clientAddress(request('198.51.100.4'), 0))).toBe(false)
  })
})

describe('forwardedScheme', () => {
  it('believes the nearest trusted proxy only', () => {
    expect(forwardedScheme(request('127.0.0.1', { 'x-forwarded-proto': 'https' }), 1)).toBe('https')
    expect(forwardedScheme(request('127.0.0.1', { 'x-forwarded-proto': 'https, http' }), 1)).toBe('http')
    expect(forwardedScheme(request('127.0.0.1', { 'x-forwarded-proto': 'https' }), 0)).toBeNull()
    expect(forwardedScheme(request('127.0.0.1', { 'x-forwarded-proto': 'gopher' }), 1)).toBeNull()
  })
})
