// SQLite's WAL checkpoints, moved off the relay's thread. By default the connection that commits
// also copies the write-ahead log back into the database file every 1,000 pages, inside a commit,
// with an fsync: under a steady stream of keystrokes that was a stall of several milliseconds many
// times a second, and every keystroke waiting behind it paid for it. Here the relay's connection
// never checkpoints; a worker thread with its own connection does, a few times a second, in
// PASSIVE mode (it never waits for the relay's writes nor makes them wait). Once the log is wholly
// copied, the next commit starts it again from the beginning, so it stays small.
//
// If the worker fails, the relay's connection takes checkpoints back (SQLite's default): slower,
// never unsafe. Durability is unchanged: a commit is in the log before `appendUpdates` returns.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type Database from 'better-sqlite3'

/** How often the worker copies the log into the database file. */
export const CHECKPOINT_EVERY_MS = 250

/** The log is cut back to this size when it has grown past it (a burst larger than usual). */
const LOG_SIZE_LIMIT_BYTES = 64 * 1024 * 1024

// Plain CommonJS, run with `eval`: the same in the bundle and in tests run from the sources.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
// The lowest priority for this thread alone (Linux: a thread's id is a pid to setpriority): the
// relay's own thread shares its core and must never wait for a copy that can wait.
try {
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop())
  if (Number.isInteger(tid) && tid !== process.pid) require('node:os').setPriority(tid, 19)
} catch {}
const db = new Database(workerData.file, { fileMustExist: true })
db.pragma('busy_timeout = 1000')
let failed = false
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch (error) {
    if (!failed) parentPort.postMessage({ error: String((error && error.message) || error) })
    failed = true
  }
}, workerData.everyMs)
parentPort.on('message', (message) => {
  if (message !== 'stop') return
  clearInterval(timer)
  db.close()
  parentPort.postMessage({ stopped: true })
})
`

export class WalCheckpoints {
  private readonly worker: Worker
  private stopping: Promise<void> | null = null

  /** Starts checkpointing `file` in a worker; `db` is the relay's own connection to it. */
  constructor(
    private readonly db: Database.Database,
    file: string,
    private readonly onFailure: (reason: string) => void = () => undefined,
  ) {
    db.pragma('wal_autocheckpoint = 0')
    db.pragma(`journal_size_limit = ${LOG_SIZE_LIMIT_BYTES}`)
    const driver = createRequire(import.meta.url).resolve('better-sqlite3')
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, everyMs: CHECKPOINT_EVERY_MS } })
    // The worker must not keep a relay that is otherwise done from exiting.
    this.worker.unref()
    this.worker.on('message', (message: { error?: string }) => {
      if (message.error) this.takeBack(message.error)
    })
    this.worker.on('error', (error) => this.takeBack(error.message))
    this.worker.on('exit', (code) => {
      if (!this.stopping) this.takeBack(`checkpoint worker exited (${code})`)
    })
  }

  /** Stops the worker and closes its connection (before the relay's, which then checkpoints last). */
  stop(): Promise<void> {
    this.stopping ??= new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        void this.worker.terminate().finally(resolve)
      }
      // A worker that does not answer is ended anyway: its connection only ever read and copied.
      const timer = setTimeout(done, 2_000)
      this.worker.on('message', (message: { stopped?: boolean }) => {
        if (message.stopped) done()
      })
      this.worker.on('exit', done)
      this.worker.postMessage('stop')
    })
    return this.stopping
  }

  private takeBack(reason: string): void {
    if (this.stopping) return
    this.stopping = this.worker.terminate().then(() => undefined)
    if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000')
    this.onFailure(reason)
  }
}
