// Starts Carnet's server as `pnpm start` runs it (the built bundle, `carnet serve`) in a child
// process on a free loopback port, with its own data directory. Tests kill it, restart it on the
// same data, and read its JSON log lines.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'

export const REPO_ROOT = resolve(import.meta.dirname, '../..')
export const SERVER_BUNDLE = join(REPO_ROOT, 'server/dist/carnet.js')

export interface RelayProcess {
  port: number
  httpUrl: string
  /** Base URL for a stock WebsocketProvider (`serverUrl`). */
  syncUrl: string
  dataDir: string
  child: ChildProcess
  logs: Record<string, unknown>[]
  exited: Promise<number | null>
  /** kill -9: no chance to flush anything. */
  crash(): Promise<void>
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<number | null>
}

export interface StartOptions {
  dataDir?: string
  env?: Record<string, string>
  /** Reuse a port (after a restart, clients reconnect to the same address). */
  port?: number
  /** The test provokes errors on purpose: do not echo the relay's error lines. */
  expectErrors?: boolean
}

export function tempDataDir(label = 'carnet'): string {
  return mkdtempSync(join(tmpdir(), `${label}-`))
}

export async function startRelay(options: StartOptions = {}): Promise<RelayProcess> {
  const dataDir = options.dataDir ?? tempDataDir()
  const child = spawn(process.execPath, [SERVER_BUNDLE, 'serve'], {
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      CARNET_DATA_DIR: dataDir,
      CARNET_LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logs: Record<string, unknown>[] = []
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
    process.stderr.write(`[relay stderr] ${chunk.toString()}`)
  })
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))

  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`relay did not start within 15 s\n${stderr}`)), 15_000)
    exited.then((code) => {
      clearTimeout(timer)
      fail(new Error(`relay exited with ${code} before listening\n${stderr}`))
    })
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: Record<string, unknown>
      try {
        entry = JSON.parse(line) as Record<string, unknown>
      } catch {
        return
      }
      logs.push(entry)
      // Warnings and errors of the server go to the test's output: they explain most failures.
      if (!options.expectErrors && typeof entry.level === 'number' && entry.level >= 40) process.stderr.write(`[relay] ${line}\n`)
      if (entry.msg === 'listening') {
        clearTimeout(timer)
        done(entry.port as number)
      }
    })
  })

  return {
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    dataDir,
    child,
    logs,
    exited,
    async crash() {
      child.kill('SIGKILL')
      await exited
    },
    async stop() {
      child.kill('SIGTERM')
      return exited
    },
  }
}
