// `server.json` in the data directory: how the `carnet` command finds the server running on the
// same archive (its port and a token only readable by the same user), to ask it for a restore.
import { randomBytes } from 'node:crypto'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface InstanceInfo {
  pid: number
  host: string
  port: number
  token: string
}

const FILE = 'server.json'

export function newAdminToken(): string {
  return randomBytes(32).toString('hex')
}

export function writeInstanceFile(dataDir: string, info: InstanceInfo): void {
  writeFileSync(join(dataDir, FILE), JSON.stringify(info), { mode: 0o600 })
}

export function removeInstanceFile(dataDir: string, pid = process.pid): void {
  // Only the server that wrote it removes it.
  if (readInstanceFile(dataDir)?.pid === pid) rmSync(join(dataDir, FILE), { force: true })
}

/** The running server on this data directory, if any (a stale file from a killed one is ignored). */
export function readInstanceFile(dataDir: string): InstanceInfo | null {
  try {
    const info = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as InstanceInfo
    process.kill(info.pid, 0)
    return info
  } catch {
    return null
  }
}
