// Progress lines on stderr (stdout carries the Markdown report), stamped with the run's elapsed time.
const started = performance.now()

/** @param {string} message */
export function progress(message) {
  const s = ((performance.now() - started) / 1000).toFixed(1).padStart(6)
  process.stderr.write(`[bench ${s}s] ${message}\n`)
}
