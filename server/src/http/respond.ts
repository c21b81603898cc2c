// Writing HTTP answers: JSON bodies, errors as `{ "error": "…" }` with a status that says what
// went wrong, and the security headers every answer carries.
import type { ServerResponse } from 'node:http'

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self'",
    // Svelte and Tiptap set style attributes (caret colours, table widths).
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self' ws: wss:",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
}

/**
 * The headers every answer carries. `formTargets` are the other origins a page of the app may send
 * a form to: the city wiki's, for "Publier sur le wiki" (its edit form is opened by a POST).
 * `trustworthy`: the answer goes to an https or loopback origin. Browsers ignore
 * Cross-Origin-Opener-Policy elsewhere (a room's plain http address) and complain in the console
 * at every page, so it is only sent where it means something.
 */
export function setSecurityHeaders(res: ServerResponse, formTargets: readonly string[] = [], trustworthy = true): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    if (name === 'Cross-Origin-Opener-Policy' && !trustworthy) continue
    const extended = name === 'Content-Security-Policy' && formTargets.length > 0 ? value.replace("form-action 'self'", `form-action 'self' ${formTargets.join(' ')}`) : value
    res.setHeader(name, extended)
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  })
  res.end(text)
}

export function sendError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: message }, headers)
}

export function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...headers,
  })
  res.end(body)
}

export function sendBytes(res: ServerResponse, status: number, body: Uint8Array, contentType: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': body.byteLength,
    'Cache-Control': 'no-store',
    ...headers,
  })
  res.end(body)
}
