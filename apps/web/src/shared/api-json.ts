// Asking Carnet's HTTP API for JSON, with its answers as values: a server out of reach is an
// expected state (offline rooms), not an exception, and so is a refusal, with the server's words
// (`{ "error" }`). An aborted request still rejects, with an AbortError.
import type { ApiError } from '@carnet/core/http-api'

export type ApiAnswer<T> = { ok: true; value: T } | { ok: false; status: number | 'offline'; message: string; reason?: string }

export async function requestJson<T>(path: string, init: RequestInit = {}): Promise<ApiAnswer<T>> {
  let res: Response
  try {
    res = await fetch(path, { ...init, headers: { Accept: 'application/json', ...init.headers } })
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    return { ok: false, status: 'offline', message: (error as Error).message }
  }
  let body: unknown = null
  try {
    body = await res.json()
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  if (!res.ok) {
    const { error: message, reason } = (body as Partial<ApiError> | null) ?? {}
    return {
      ok: false,
      status: res.status,
      message: typeof message === 'string' ? message : `HTTP ${res.status}`,
      ...(typeof reason === 'string' ? { reason } : {}),
    }
  }
  return { ok: true, value: body as T }
}
