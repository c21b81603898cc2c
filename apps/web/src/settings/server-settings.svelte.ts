// What this Carnet server is set up with (`GET /api/settings`): the city wiki to publish to, the
// largest file it imports. Kept on this computer, so an offline visit still knows the wiki (a
// wiki import reads its links against it) and the last answer shows at once on the next visit.
import type { SettingsResponse } from '@carnet/core/http-api'

const STORAGE_KEY = 'carnet:server-settings'

function remembered(): SettingsResponse | null {
  try {
    const raw = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as SettingsResponse | null
    return raw && typeof raw === 'object' && 'wiki' in raw ? raw : null
  } catch {
    return null
  }
}

const state = $state<{ settings: SettingsResponse | null }>({ settings: remembered() })
let loading: Promise<SettingsResponse | null> | null = null

/** The server's settings as last known (null before the first answer ever). */
export function serverSettings(): SettingsResponse | null {
  return state.settings
}

/** Asks the server once per visit; offline, keeps what this computer remembers. */
export function loadServerSettings(): Promise<SettingsResponse | null> {
  loading ??= fetch('/api/settings', { headers: { Accept: 'application/json' } })
    .then(async (res) => {
      if (!res.ok) return state.settings
      const settings = (await res.json()) as SettingsResponse
      state.settings = settings
      try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify(settings))
      } catch {
        // Known for this visit only.
      }
      return settings
    })
    .catch(() => {
      loading = null
      return state.settings
    })
  return loading
}
