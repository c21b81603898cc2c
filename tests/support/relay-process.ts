// Starts Carnet's server as `pnpm start` runs it (the built bundle, `carnet serve`) in a child
// process on a free loopback port, with its own data directory. Tests kill it, restart it on the
// same data, and read its JSON log lines. Its output is kept, not echoed: the relay logs the errors
// tests provoke on purpose (disk full, locked, bad frames), which would read as failures in a green
// run. The test runners print it for a failed test only (relay-output-on-failure.ts, and the
// browser tests' fixtures).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'

export const REPO_ROOT = resolve(import.meta.dirname, '../..')
export const SERVER_BUNDLE = join(REPO_ROOT, 'server/dist/carnet.js')

/** Lines of output kept per relay: enough to explain a failure, bounded at debug level. */
const KEPT_LINES = 2_000

export interface OutputLine {
  /** When it was read (ms since the epoch). */
  at: number
  stream: 'stdout' | 'stderr'
  text: string
}

export interface RelayProcess {
  port: number
  httpUrl: string
  /** Base URL for a stock WebsocketProvider (`serverUrl`). */
  syncUrl: string
  dataDir: string
  child: ChildProcess
  logs: Record<string, unknown>[]
  /** The last lines the process wrote, on either stream. */
  output: OutputLine[]
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
}

/** Every relay this process started, for the output of a failed test. */
const started: { label: string; output: OutputLine[] }[] = []

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
  const output: OutputLine[] = []
  const entry = { label: `relay pid ${child.pid}`, output }
  started.push(entry)
  const keep = (stream: OutputLine['stream'], text: string) => {
    output.push({ at: Date.now(), stream, text })
    if (output.length > KEPT_LINES) output.splice(0, output.length - KEPT_LINES)
  }
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  createInterface({ input: child.stderr! }).on('line', (line) => keep('stderr', line))
  // 'close', not 'exit': by then its output has been read to the end (its last log lines too).
  const exited = new Promise<number | null>((done) => child.once('close', (code) => done(code)))

  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`relay did not start within 15 s\n${stderr}`)), 15_000)
    exited.then((code) => {
      clearTimeout(timer)
      fail(new Error(`relay exited with ${code} before listening\n${stderr}`))
    })
    createInterface({ input: child.stdout! }).on('line', (line) => {
      keep('stdout', line)
      let parsed: Record<string, unknown>
      try {
        parsed = JSON.parse(line) as Record<string, unknown>
      } catch {
        return
      }
      logs.push(parsed)
      // The port it listens on (PORT=0 picks one) is only told here.
      if (parsed.msg === 'listening') {
        clearTimeout(timer)
        done(parsed.port as number)
      }
    })
  })
  entry.label = `relay on port ${port}`

  return {
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    dataDir,
    child,
    logs,
    output,
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

/**
 * What every relay started in this process wrote since `since` (ms since the epoch), relay by
 * relay, or '' when nothing: printed when a test fails.
 */
export function relayOutputSince(since: number): string {
  const parts: string[] = []
  for (const { label, output } of started) {
    const lines = output.filter((line) => line.at >= since)
    if (lines.length === 0) continue
    parts.push(`── ${label} (${lines.length} lines) ──`, ...lines.map((line) => (line.stream === 'stderr' ? `[stderr] ${line.text}` : line.text)))
  }
  return parts.join('\n')
}
