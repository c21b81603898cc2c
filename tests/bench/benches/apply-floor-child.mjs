// Child entry (pinned to the server core): the floor of loading a large page — `Y.applyUpdate` of
// the page's full state into a fresh document, in a fresh process (as cold as a restarted relay),
// then again warm. Reads the state from the file named by BENCH_STATE_FILE; prints one JSON line.
import { readFileSync } from 'node:fs'
import * as Y from 'yjs'

const state = new Uint8Array(readFileSync(/** @type {string} */ (process.env.BENCH_STATE_FILE)))
/** @type {number[]} */
const times = []
for (let i = 0; i < 5; i++) {
  const started = performance.now()
  Y.applyUpdate(new Y.Doc(), state)
  times.push(performance.now() - started)
}
process.stdout.write(`${JSON.stringify({ cold_ms: times[0], warm_ms: Math.min(...times.slice(1)) })}\n`)
