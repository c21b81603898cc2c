// A server started with `--inspect=127.0.0.1:0` can be asked, through the V8 inspector protocol,
// to collect its garbage and report its heap: the idle-page bench uses it to tell memory a server
// still holds from garbage nobody collected yet (an idle Node process rarely collects by itself).
import WebSocket from 'ws'

/**
 * The inspector's WebSocket URL, from the "Debugger listening on ws://…" line Node prints.
 * @param {string[]} output the server's output lines
 * @returns {string | null}
 */
export function inspectorUrl(output) {
  for (const line of output) {
    const match = /Debugger listening on (ws:\/\/\S+)/.exec(line)
    if (match) return match[1]
  }
  return null
}

/**
 * Sends one inspector command and resolves with its result.
 * @param {string} url
 * @param {string} method
 * @param {number} [timeoutMs]
 * @returns {Promise<any>}
 */
export function inspect(url, method, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false })
    const timer = setTimeout(() => {
      ws.terminate()
      reject(new Error(`inspector: no answer to ${method} within ${timeoutMs} ms`))
    }, timeoutMs)
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, method })))
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString())
      if (message.id !== 1) return
      clearTimeout(timer)
      ws.close()
      if (message.error) reject(new Error(`inspector: ${method}: ${message.error.message}`))
      else resolve(message.result)
    })
    ws.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })
}

/**
 * A full garbage collection, then the heap in use, in bytes.
 * @param {string} url
 */
export async function collectGarbage(url) {
  await inspect(url, 'HeapProfiler.collectGarbage')
  const usage = await inspect(url, 'Runtime.getHeapUsage')
  return /** @type {number} */ (usage.usedSize)
}

/** @param {string} url @returns {Promise<number>} heap in use, in bytes, without collecting */
export async function heapUsed(url) {
  return (await inspect(url, 'Runtime.getHeapUsage')).usedSize
}

/** Lines Node prints about its inspector: not worth echoing. */
export const INSPECTOR_CHATTER = /^(Debugger (listening on|ending on|attached)|For help, see: https:\/\/nodejs.org|Waiting for the debugger)/
