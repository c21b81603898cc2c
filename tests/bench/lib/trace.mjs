// The real editing trace of the large-page bench: "automerge-paper", Martin Kleppmann writing an
// academic paper (182,315 inserts, 77,463 deletes), from automerge-perf, in Joseph Gentle's
// josephg/editing-traces collection. Licence: CC BY 4.0 — keep this attribution wherever it is used.
// The file lives in the repository (tests/bench/data/, with its attribution), so a fresh clone runs
// the benchmarks; BENCH_TRACE names another file of the same format.
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { newPage } from './page-doc.mjs'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
export const REPOSITORY_TRACE_FILE = resolve(REPO_ROOT, 'tests/bench/data/automerge-paper.json.gz')
export const TRACE_FILE = process.env.BENCH_TRACE ?? REPOSITORY_TRACE_FILE
export const TRACE_ATTRIBUTION =
  'Editing trace "automerge-paper" by Martin Kleppmann (automerge-perf), from the josephg/editing-traces collection (Joseph Gentle), CC BY 4.0'

/**
 * @typedef {{ startContent: string, endContent: string, txns: { patches: [number, number, string][] }[] }} Trace
 */

/** @param {string} [file] @returns {Trace} */
export function loadTrace(file = TRACE_FILE) {
  return JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'))
}

/**
 * Replays the first `count` transactions on a plain string: the reference the Yjs replay and the
 * servers' copies are checked against.
 * @param {Trace} trace
 * @param {number} [count]
 */
export function replayString(trace, count = trace.txns.length) {
  let text = trace.startContent
  for (let i = 0; i < count; i++) {
    for (const [pos, del, ins] of trace.txns[i].patches) text = text.slice(0, pos) + ins + text.slice(pos + del)
  }
  return text
}

/**
 * Replays the first `count` transactions into a page document, one Yjs update per transaction
 * (each one keystroke), as a writer in the editor would produce them.
 * @param {Trace} trace
 * @param {{ clientID: number, count?: number, keepUpdates?: boolean }} options
 */
export function replayIntoPage(trace, { clientID, count = trace.txns.length, keepUpdates = true }) {
  const { doc, text, setup } = newPage(clientID)
  /** @type {Uint8Array[]} */
  const updates = []
  if (keepUpdates) doc.on('update', (/** @type {Uint8Array} */ update) => updates.push(update))
  // A trace that starts from a text gets it as one first update (this one starts empty).
  if (trace.startContent) text.insert(0, trace.startContent)
  for (let i = 0; i < count; i++) {
    doc.transact(() => {
      for (const [pos, del, ins] of trace.txns[i].patches) {
        if (del > 0) text.delete(pos, del)
        if (ins) text.insert(pos, ins)
      }
    })
  }
  return { doc, text, setup, updates }
}
