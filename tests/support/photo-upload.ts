// A photo sent as a phone on a weak network sends it: `PUT /api/pages/<id>/files/<sha256>` with
// the body written in small chunks and a pause between them, so that the upload lasts long enough
// for something to happen in the middle (the relay killed, other writers typing). Resolves with
// the relay's answer, or with `cut` when the connection broke before one came.
import { request } from 'node:http'
import { createHash } from 'node:crypto'

export interface SlowUploadOptions {
  key?: string
  chunkBytes?: number
  pauseMs?: number
}

export type UploadOutcome = { kind: 'answered'; status: number; body: string } | { kind: 'cut'; sent: number; error: string }

export const photoName = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

export function slowUpload(httpUrl: string, pageId: string, bytes: Uint8Array, options: SlowUploadOptions = {}): Promise<UploadOutcome> {
  const chunk = options.chunkBytes ?? 64 * 1024
  const pause = options.pauseMs ?? 2
  return new Promise((resolve) => {
    let sent = 0
    let settled = false
    const settle = (outcome: UploadOutcome): void => {
      if (settled) return
      settled = true
      resolve(outcome)
    }
    const req = request(`${httpUrl}/api/pages/${pageId}/files/${photoName(bytes)}`, {
      method: 'PUT',
      agent: false,
      headers: { 'Content-Type': 'image/jpeg', 'Content-Length': bytes.length, ...(options.key ? { 'X-Carnet-Key': options.key } : {}) },
    })
    req.on('error', (error) => settle({ kind: 'cut', sent, error: (error as NodeJS.ErrnoException).code ?? error.message }))
    req.on('response', (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (text: string) => (body += text))
      res.on('end', () => settle({ kind: 'answered', status: res.statusCode ?? 0, body }))
      res.on('error', (error) => settle({ kind: 'cut', sent, error: error.message }))
    })
    const next = (): void => {
      if (settled || req.destroyed) return
      if (sent >= bytes.length) {
        req.end()
        return
      }
      const piece = bytes.subarray(sent, sent + chunk)
      sent += piece.length
      req.write(piece)
      setTimeout(next, pause)
    }
    // Written once connected: a relay that is down refuses before a byte is counted as sent.
    req.on('socket', (socket) => (socket.connecting ? socket.once('connect', next) : next()))
  })
}
