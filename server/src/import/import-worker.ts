// The import worker's entry point (bundled as dist/import-worker.js): one file, read off the relay's
// event loop, in a thread whose memory is capped. Some files cost far more than their size —
// wikiparser-node takes seconds and hundreds of megabytes for a few hundred kilobytes of wiki
// tables — and the relay must keep serving every page meanwhile.
import { parentPort, workerData } from 'node:worker_threads'
import type { ImportJob } from './import-job.js'
import { readImport } from './read-import.js'

const outcome = await readImport(workerData as ImportJob)
parentPort?.postMessage(outcome, outcome.ok ? [outcome.update.buffer as ArrayBuffer] : [])
