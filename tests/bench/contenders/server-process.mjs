// A contender's server as a child process pinned to the server core: started on a port we chose,
// ready when an HTTP probe answers 200, measurable (RSS from /proc), and stoppable politely
// (SIGTERM) or brutally (kill -9, as a crash would).
import { createInterface } from 'node:readline'
import { progress } from '../lib/log.mjs'
import { HOST, freePort, httpGet } from '../lib/net.mjs'
import { SERVER_CORE, exited, rssBytes, spawnPinned } from '../lib/processes.mjs'
import { INSPECTOR_CHATTER } from '../lib/inspector.mjs'
import { sleep } from '../lib/wait.mjs'

/** Lines a server may print to our stderr before we stop echoing (a failing server can flood). */
const ECHO_LIMIT = 20

/**
 * @typedef {object} ServerHandle
 * @property {string} name
 * @property {number} pid
 * @property {number} port
 * @property {string} base ws://127.0.0.1:port
 * @property {string} httpBase http://127.0.0.1:port
 * @property {number} readyMs from spawn to the first 200 of the readiness probe
 * @property {() => number} rss bytes, NaN once gone
 * @property {() => Promise<void>} kill9
 * @property {(timeoutMs?: number) => Promise<number | null>} stop SIGTERM, then SIGKILL after the timeout
 * @property {Promise<number | null>} exited
 * @property {string[]} output last lines of its stdout and stderr
 */

/**
 * Environment for a child: ours without the settings of any contender, so a variable set in the
 * developer's shell cannot change what is measured.
 * @param {Record<string, string>} env
 */
function childEnv(env) {
  /** @type {Record<string, string>} */
  const clean = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^(CARNET_|YPERSISTENCE|HOCUSPOCUS_|PORT$|HOST$|GC$|CALLBACK_)/.test(key)) continue
    clean[key] = value
  }
  return { ...clean, ...env }
}

/**
 * @param {{ name: string, command: string, args: string[], env: Record<string, string>, port?: number, readyPath: string, readyIntervalMs?: number, timeoutMs?: number }} options
 * @returns {Promise<ServerHandle>}
 */
export async function startServerProcess(options) {
  const port = options.port ?? (await freePort())
  const started = performance.now()
  const child = spawnPinned(SERVER_CORE, options.command, options.args, {
    env: childEnv({ ...options.env, PORT: String(port), HOST }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  /** @type {string[]} */
  const output = []
  let echoed = 0
  const keep = (/** @type {string} */ line, /** @type {boolean} */ echo) => {
    output.push(line)
    if (output.length > 50) output.shift()
    if (!echo) return
    if (echoed < ECHO_LIMIT) process.stderr.write(`  [${options.name}] ${line.slice(0, 300)}\n`)
    else if (echoed === ECHO_LIMIT) process.stderr.write(`  [${options.name}] (further output not shown)\n`)
    echoed++
  }
  createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdout) }).on('line', (line) => {
    // JSON log lines (Carnet's pino) are shown from level warn (40) up; other stdout is kept quiet.
    let level = 0
    if (line.startsWith('{')) {
      try {
        level = Number(JSON.parse(line).level) || 0
      } catch {
        level = 0
      }
    }
    keep(line, level >= 40)
  })
  createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stderr) }).on('line', (line) => keep(line, !INSPECTOR_CHATTER.test(line)))
  const gone = exited(child)
  // A server that dies on its own explains the failures that follow: say so, with its last words.
  let expectedExit = false
  child.once('exit', (code, signal) => {
    if (expectedExit) return
    progress(`${options.name} (pid ${child.pid}) exited on its own (${code ?? signal}); its last output:\n${output.slice(-10).join('\n')}`)
  })

  const interval = options.readyIntervalMs ?? 10
  const deadline = started + (options.timeoutMs ?? 20_000)
  const url = `http://${HOST}:${port}${options.readyPath}`
  let readyMs = NaN
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${options.name} exited (${child.exitCode ?? child.signalCode}) before answering ${url}:\n${output.join('\n')}`)
    }
    const answer = await httpGet(url, 1000)
    if (answer?.status === 200) {
      readyMs = performance.now() - started
      break
    }
    if (performance.now() > deadline) {
      expectedExit = true
      child.kill('SIGKILL')
      throw new Error(`${options.name} did not answer ${url} within ${options.timeoutMs ?? 20_000} ms:\n${output.join('\n')}`)
    }
    await sleep(interval)
  }

  const pid = /** @type {number} */ (child.pid)
  return {
    name: options.name,
    pid,
    port,
    base: `ws://${HOST}:${port}`,
    httpBase: `http://${HOST}:${port}`,
    readyMs,
    rss: () => rssBytes(pid),
    exited: gone,
    output,
    async kill9() {
      expectedExit = true
      child.kill('SIGKILL')
      await gone
    },
    async stop(timeoutMs = 15_000) {
      expectedExit = true
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
      child.kill('SIGTERM')
      const timer = setTimeout(() => {
        progress(`${options.name} did not stop within ${timeoutMs} ms of SIGTERM: killed`)
        child.kill('SIGKILL')
      }, timeoutMs)
      const code = await gone
      clearTimeout(timer)
      return code
    },
  }
}
