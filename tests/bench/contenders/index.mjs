// The contenders, in the order the tables show them. Carnet is compared with the best of the
// servers a user would pick instead; the floor is the machine's own limit.
import { carnet } from './carnet.mjs'
import { floor } from './floor.mjs'
import { hocuspocus } from './hocuspocus.mjs'
import { yWebsocket, yWebsocketMemory } from './y-websocket.mjs'

/**
 * @typedef {object} Contender
 * @property {string} name
 * @property {'yws' | 'hocuspocus' | 'floor'} dialect
 * @property {boolean} persistent keeps pages across a restart
 * @property {string} label one line for the report
 * @property {(base: string, room: string) => string} roomUrl the WebSocket URL of a room
 * @property {(options: StartOptions) => Promise<import('./server-process.mjs').ServerHandle>} start
 * @property {(dataDir: string) => { stored_bytes: number, disk_bytes: number, detail?: Record<string, number> }} stored what it keeps on disk (server stopped); `detail`: bytes per kind
 */

/**
 * @typedef {object} StartOptions
 * @property {string} dataDir
 * @property {number} [port] reuse a port (a restart)
 * @property {Record<string, string>} [env] settings of the contender
 * @property {number} [readyIntervalMs] how often to probe readiness
 * @property {string} [label] names Carnet's CPU profile (`--profile`)
 * @property {string[]} [nodeArgs] options for Node itself (every contender runs on Node)
 */

/** @type {Contender[]} */
export const CONTENDERS = [floor, carnet, yWebsocket, yWebsocketMemory, hocuspocus]

/** Contenders of a quick run: the floor, Carnet and the stock server with persistence. */
export const QUICK_CONTENDERS = ['floor', 'carnet', 'y-websocket']

export const SUBJECT = 'carnet'
export const FLOOR = 'floor'

/** @param {string} name */
export function contender(name) {
  const found = CONTENDERS.find((c) => c.name === name)
  if (!found) throw new Error(`unknown contender ${name}`)
  return found
}
