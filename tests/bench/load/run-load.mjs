// Orchestrator side of a load job: starts a load-generator process pinned to the load core, hands
// it the job, relays its events and commands, and bounds the whole run with a deadline.
import { fileURLToPath } from 'node:url'
import { LOAD_CORE, exited, spawnPinned } from '../lib/processes.mjs'

const WORKER = fileURLToPath(new URL('./worker.mjs', import.meta.url))

export class LoadRun {
  /**
   * @param {string} job file name under load/jobs
   * @param {object} params
   * @param {{ timeoutMs: number }} options
   */
  constructor(job, params, { timeoutMs }) {
    this.job = job
    /** @type {Map<string, unknown[]>} */
    this.events = new Map()
    /** @type {Map<string, (data: unknown) => void>} */
    this.waiting = new Map()
    this.child = spawnPinned(LOAD_CORE, process.execPath, ['--max-old-space-size=4096', WORKER], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    /** @type {Promise<any>} */
    this.result = new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL')
        reject(new Error(`load job ${job} did not finish within ${timeoutMs} ms`))
      }, timeoutMs)
      this.child.on('message', (/** @type {any} */ message) => {
        if (message.type === 'result') {
          clearTimeout(timer)
          resolve(message.result)
        } else if (message.type === 'error') {
          clearTimeout(timer)
          reject(new Error(`load job ${job}: ${message.message}\n${message.stack ?? ''}`))
        } else if (message.type === 'event') {
          const wake = this.waiting.get(message.name)
          if (wake) {
            this.waiting.delete(message.name)
            wake(message.data)
          } else {
            this.events.set(message.name, [...(this.events.get(message.name) ?? []), message.data])
          }
        }
      })
      exited(this.child).then((code) => {
        clearTimeout(timer)
        reject(new Error(`load job ${job} exited (${code}) without a result`))
      })
    })
    // A rejected result that nobody awaits yet must not crash the orchestrator.
    this.result.catch(() => {})
    this.child.send({ type: 'job', job, params })
  }

  /**
   * Resolves with the data of the next event of that name (buffered if it already came).
   * @param {string} name
   * @param {number} timeoutMs
   */
  next(name, timeoutMs) {
    const queued = this.events.get(name)
    if (queued?.length) return Promise.resolve(queued.shift())
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`load job ${this.job}: no "${name}" event within ${timeoutMs} ms`)), timeoutMs)
      this.result.catch((error) => {
        clearTimeout(timer)
        reject(error)
      })
      this.waiting.set(name, (data) => {
        clearTimeout(timer)
        resolve(data)
      })
    })
  }

  /**
   * @param {string} name
   * @param {unknown} [data]
   */
  command(name, data) {
    if (this.child.connected) this.child.send({ type: 'command', name, data })
  }

  kill() {
    this.child.kill('SIGKILL')
  }
}

/**
 * Runs a job to its end.
 * @param {string} job
 * @param {object} params
 * @param {number} timeoutMs
 */
export function runLoad(job, params, timeoutMs) {
  return new LoadRun(job, params, { timeoutMs }).result
}
