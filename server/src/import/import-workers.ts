// Runs imports in worker threads: at most `concurrency` at once (the machine's cores are the
// relay's first), a few more waiting, each with a memory cap and a time limit. A worker that runs
// out of memory or time is ended, and the file refused; the relay never notices.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { ImportJob, ImportOutcome } from './import-job.js'

export interface ImportWorkerLimits {
  concurrency: number
  /** Imports waiting for a worker at most; past it, the server says it is busy. */
  queue: number
  timeoutMs: number
  maxHeapMb: number
}

export const DEFAULT_IMPORT_WORKER_LIMITS: ImportWorkerLimits = { concurrency: 1, queue: 8, timeoutMs: 30_000, maxHeapMb: 512 }

export type WorkerFailure = 'busy' | 'timeout' | 'out-of-memory' | 'crashed'

export class ImportWorkerError extends Error {
  constructor(readonly failure: WorkerFailure) {
    super(failure)
    this.name = 'ImportWorkerError'
  }
}

/** The bundled worker next to this module: dist/import-worker.js, from dist/ or dist/chunks/. */
function workerFile(): URL {
  for (const candidate of ['./import-worker.js', '../import-worker.js']) {
    const url = new URL(candidate, import.meta.url)
    if (existsSync(fileURLToPath(url))) return url
  }
  throw new Error('dist/import-worker.js is missing: build the server (pnpm build)')
}

export class ImportWorkers {
  private running = 0
  private readonly waiting: Array<() => void> = []

  constructor(private readonly limits: ImportWorkerLimits = DEFAULT_IMPORT_WORKER_LIMITS) {}

  async run(job: ImportJob): Promise<ImportOutcome> {
    if (this.running >= this.limits.concurrency) {
      if (this.waiting.length >= this.limits.queue) throw new ImportWorkerError('busy')
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    }
    this.running++
    try {
      return await this.runOne(job)
    } finally {
      this.running--
      this.waiting.shift()?.()
    }
  }

  private runOne(job: ImportJob): Promise<ImportOutcome> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(workerFile(), {
        workerData: job,
        resourceLimits: { maxOldGenerationSizeMb: this.limits.maxHeapMb, maxYoungGenerationSizeMb: 64 },
      })
      let settled = false
      const settle = (action: () => void): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        action()
        void worker.terminate()
      }
      const timer = setTimeout(() => settle(() => reject(new ImportWorkerError('timeout'))), this.limits.timeoutMs)
      worker.once('message', (outcome: ImportOutcome) => settle(() => resolve(outcome)))
      worker.once('error', (error: Error & { code?: string }) =>
        settle(() => reject(new ImportWorkerError(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out-of-memory' : 'crashed'))),
      )
      worker.once('exit', () => settle(() => reject(new ImportWorkerError('crashed'))))
    })
  }
}
