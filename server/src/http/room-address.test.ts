import { describe, expect, it } from 'vitest'
import type { NetworkInterfaceInfo } from 'node:os'
import { hostOf, isLoopbackHost, lanAddresses, roomBaseUrl, trustworthyOrigin } from './room-address.js'

const iface = (address: string, internal = false): NetworkInterfaceInfo =>
  ({ address, family: 'IPv4', internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: `${address}/24` }) as NetworkInterfaceInfo

describe('the room’s address', () => {
  it('lists this machine’s network addresses, the room’s LAN first, never loopback', () => {
    expect(lanAddresses({ lo: [iface('127.0.0.1', true)], eth0: [iface('203.0.113.4')], wlan0: [iface('192.168.1.23')] })).toEqual(['192.168.1.23', '203.0.113.4'])
  })

  it('gives the LAN address when the server listens on every interface, and nothing when it listens on loopback', () => {
    expect(roomBaseUrl('http', '0.0.0.0', 8080, ['192.168.1.23'])).toBe('http://192.168.1.23:8080')
    expect(roomBaseUrl('https', '10.0.0.5', 8443, ['192.168.1.23'])).toBe('https://10.0.0.5:8443')
    expect(roomBaseUrl('http', 'localhost', 8080, ['192.168.1.23'])).toBeNull()
    expect(roomBaseUrl('http', '127.0.0.1', 8080, ['192.168.1.23'])).toBeNull()
    expect(roomBaseUrl('http', '0.0.0.0', 8080, [])).toBeNull()
  })

  it('tells a loopback host from the others', () => {
    for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '[::1]']) expect(isLoopbackHost(host), host).toBe(true)
    for (const host of ['192.168.1.23', 'carnet.local', 'localhost.example.org']) expect(isLoopbackHost(host), host).toBe(false)
    expect(hostOf('localhost:8080')).toBe('localhost')
    expect(hostOf('[::1]:8080')).toBe('[::1]')
  })
})

describe('trustworthyOrigin', () => {
  const request = (host: string, extra: Record<string, string> = {}, encrypted = false) =>
    ({ headers: { host, ...extra }, socket: { encrypted } }) as unknown as import('node:http').IncomingMessage

  it('is loopback or https, never a room’s plain http address', () => {
    expect(trustworthyOrigin(request('localhost:8080'), 0)).toBe(true)
    expect(trustworthyOrigin(request('127.0.0.1:8080'), 0)).toBe(true)
    expect(trustworthyOrigin(request('192.168.1.23:8080'), 0)).toBe(false)
    expect(trustworthyOrigin(request('192.168.1.23:8443', {}, true), 0)).toBe(true)
  })

  it('believes a proxy’s https only when proxies are trusted', () => {
    expect(trustworthyOrigin(request('carnet.example.org', { 'x-forwarded-proto': 'https' }), 1)).toBe(true)
    expect(trustworthyOrigin(request('carnet.example.org', { 'x-forwarded-proto': 'https' }), 0)).toBe(false)
  })
})
