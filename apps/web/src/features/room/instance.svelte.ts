// Where people reach this Carnet (`GET /api/instance`): the address every link, QR code, projector
// and export gives out — the room's, not `localhost`, when the facilitator opened Carnet on the
// machine that serves the room —, whether a room can reach it at all, and whether it is a room
// relay linked to the city. The last answer is kept on this computer, so the addresses stay right
// offline. Asked once per visit, and again when the browser comes back online.
import type { InstanceResponse } from '@carnet/core/http-api'

const STORAGE_KEY = 'carnet:instance'
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i

const state = $state<{ info: InstanceResponse | null; settled: boolean }>({ info: readKept(), settled: false })
let asking: Promise<void> | null = null
let listening = false

function readKept(): InstanceResponse | null {
  try {
    const kept = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<InstanceResponse> | null
    if (!kept || typeof kept.publicUrl !== 'string' || !/^https?:\/\//.test(kept.publicUrl)) return null
    return {
      publicUrl: kept.publicUrl,
      reachableFromRoom: kept.reachableFromRoom !== false,
      secure: kept.secure === true,
      ...(kept.link ? { link: kept.link } : {}),
    }
  } catch {
    return null
  }
}

/** Asks the server where it is reached (once per visit; again when the browser is back online). */
export function askInstance(): Promise<void> {
  if (!listening && typeof window !== 'undefined') {
    listening = true
    window.addEventListener('online', () => {
      asking = null
      void askInstance()
    })
  }
  asking ??= fetchInstance()
  return asking
}

async function fetchInstance(): Promise<void> {
  try {
    const res = await fetch('/api/instance', { headers: { Accept: 'application/json' } })
    if (!res.ok) return
    const info = (await res.json()) as InstanceResponse
    if (typeof info.publicUrl !== 'string') return
    state.info = { ...info, publicUrl: info.publicUrl.replace(/\/+$/, '') }
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(state.info))
    } catch {
      // Not kept: the next visit asks again.
    }
  } catch {
    // Offline: the answer kept from an earlier visit, if any, stands; the next visit asks again.
    asking = null
  } finally {
    state.settled = true
  }
}

export function instanceInfo(): InstanceResponse | null {
  return state.info
}

/**
 * The base URL to give people ("http://192.168.1.23:8080"): the server's answer (or the last one
 * kept here); else this page's own origin — except at `localhost` before the server has answered,
 * when nothing is better than an address the room cannot use (null: wait a moment).
 */
export function publicBase(): string | null {
  if (state.info) return state.info.publicUrl
  if (state.settled || !LOOPBACK.test(location.hostname)) return location.origin
  return null
}

/** The address to type in a browser's address bar: the base without its scheme ("192.168.1.23:8080"). */
export function typedAddress(base: string): string {
  return base.replace(/^https?:\/\//, '')
}
