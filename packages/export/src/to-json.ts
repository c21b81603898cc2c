// A page as JSON: the exact body and facts, for backups and for other tools. The envelope names
// the format and its version so that a later Carnet can read what this one wrote.
import type { ExportInput } from './export-input.js'

export const JSON_FORMAT = 'carnet-page'
export const JSON_VERSION = 1

export function toJson(input: ExportInput): string {
  return JSON.stringify({ format: JSON_FORMAT, version: JSON_VERSION, id: input.id, meta: input.meta, body: input.body }, null, 2)
}
