// Command line of `pnpm bench`: `--quick` (a subset, under 90 s), `--only=fanout,durable,…`,
// `--contenders=carnet,y-websocket`, `--keep` (keep the temporary data directories), `--profile`
// (CPU profiles of Carnet's processes, summarized, in tests/bench/results/profiles/).

/**
 * @typedef {{ quick: boolean, only: string[] | null, contenders: string[] | null, keep: boolean, profile: boolean, help: boolean }} Options
 */

/**
 * @param {string[]} argv arguments after the script
 * @param {string[]} benches known bench names
 * @returns {Options}
 */
export function parseArgs(argv, benches) {
  /** @type {Options} */
  const options = { quick: false, only: null, contenders: null, keep: false, profile: false, help: false }
  for (const arg of argv) {
    if (arg === '--') continue
    else if (arg === '--quick') options.quick = true
    else if (arg === '--keep') options.keep = true
    else if (arg === '--profile') options.profile = true
    else if (arg === '--help' || arg === '-h') options.help = true
    else if (arg.startsWith('--only=')) options.only = list(arg.slice('--only='.length))
    else if (arg.startsWith('--contenders=')) options.contenders = list(arg.slice('--contenders='.length))
    else throw new Error(`unknown argument "${arg}"`)
  }
  const unknown = (options.only ?? []).filter((name) => !benches.includes(name))
  if (unknown.length) throw new Error(`unknown bench ${unknown.join(', ')}: choose among ${benches.join(', ')}`)
  return options
}

/** @param {string} text */
const list = (text) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
