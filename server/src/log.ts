// Structured logs (pino, JSON lines on stdout). Edit keys never reach a log: URLs are logged
// without their query string.
import pino, { type Logger } from 'pino'

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'carnet' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.cookie', 'key', 'editKey', '*.editKey'], remove: true },
  })
}

export type { Logger }
