// A raw protocol client for load generation. It answers the handshake like a real client with an
// empty document, then only stamps: on each incoming update it reads the first struct's (client,
// clock) and calls `onUpdate` with the arrival time. It never applies an update — receiving costs
// the load process as little as possible, so the figures are the server's.
import WebSocket from 'ws'
import { Cursor, SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE, messageInfo, readMessage } from '../protocol/frames.mjs'

/** @typedef {import('../protocol/dialects.mjs').Dialect} Dialect */

const cursor = new Cursor()
const info = messageInfo()

export class RawClient {
  /**
   * @param {{ url: string, room: string, dialect: Dialect, onUpdate?: (client: number, clock: number, at: number) => void, keepStep2?: boolean, collect?: boolean }} options
   */
  constructor({ url, room, dialect, onUpdate, keepStep2 = false, collect = false }) {
    this.url = url
    this.room = room
    this.dialect = dialect
    this.onUpdate = onUpdate ?? null
    this.keepStep2 = keepStep2
    /**
     * Every state-carrying payload (step2 and updates) with its arrival time, when `collect`: a
     * server may answer a cold page with an empty step2 and send the content as updates once it
     * has read it from storage (the stock server does), so a reader needs them all.
     * @type {{ at: number, bytes: Uint8Array }[] | null}
     */
    this.payloads = collect ? [] : null
    /** Bytes of state received (step2 and update payloads). */
    this.receivedBytes = 0
    /** Arrival of the last message (performance.now()). */
    this.lastMessageAt = 0
    /** @type {WebSocket | null} */
    this.ws = null
    this.synced = false
    /** Bytes of the last step2 payload received (the server's copy of the page). */
    this.step2Bytes = -1
    /** @type {Uint8Array | null} */
    this.step2 = null
    /** Time the last step2 arrived (performance.now()). */
    this.step2At = 0
    this.updates = 0
    /** @type {{ code: number, reason: string } | null} */
    this.closedWith = null
    /** @type {(() => void) | null} */
    this.onSynced = null
    /** @type {(() => void)[]} */
    this.step2Waiters = []
  }

  /**
   * Opens the socket and resolves once synced (the server's step2 arrived; on open for the floor).
   * @param {number} timeoutMs
   * @returns {Promise<void>}
   */
  open(timeoutMs = 20_000) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url, { perMessageDeflate: false, handshakeTimeout: timeoutMs })
      this.ws = ws
      ws.binaryType = 'nodebuffer'
      const timer = setTimeout(() => {
        reject(new Error(`${this.dialect.name} client on ${this.room}: not synced within ${timeoutMs} ms`))
        ws.terminate()
      }, timeoutMs)
      const done = () => {
        clearTimeout(timer)
        resolve()
      }
      this.onSynced = done
      ws.on('open', () => {
        for (const frame of this.dialect.hello(this.room)) ws.send(frame)
        if (!this.dialect.handshake) {
          this.synced = true
          done()
        }
      })
      ws.on('message', (/** @type {Buffer} */ data) => this.receive(data))
      ws.on('close', (code, reason) => {
        this.closedWith = { code, reason: reason.toString() }
        if (!this.synced) {
          clearTimeout(timer)
          reject(new Error(`${this.dialect.name} client on ${this.room}: closed before sync (${code} ${reason})`))
        }
      })
      ws.on('error', (error) => {
        if (!this.synced) {
          clearTimeout(timer)
          reject(error)
        }
      })
    })
  }

  /** @param {Buffer} data */
  receive(data) {
    const at = performance.now()
    this.lastMessageAt = at
    if (!readMessage(cursor.reset(data), this.dialect.prefixed, info)) return
    if (info.sub === SYNC_UPDATE || info.sub === SYNC_STEP2) {
      this.receivedBytes += info.payloadLength
      this.payloads?.push({ at, bytes: new Uint8Array(data.subarray(info.payloadStart, info.payloadStart + info.payloadLength)) })
    }
    if (info.sub === SYNC_UPDATE) {
      this.updates++
      if (this.onUpdate && info.client >= 0) this.onUpdate(info.client, info.clock, at)
    } else if (info.sub === SYNC_STEP2) {
      this.step2Bytes = info.payloadLength
      this.step2At = at
      if (this.keepStep2) this.step2 = new Uint8Array(data.subarray(info.payloadStart, info.payloadStart + info.payloadLength))
      if (!this.synced) {
        this.synced = true
        this.onSynced?.()
      }
      const waiters = this.step2Waiters
      this.step2Waiters = []
      for (const wake of waiters) wake()
    } else if (info.sub === SYNC_STEP1) {
      this.ws?.send(this.dialect.answerStep1(this.room))
    }
  }

  /** @param {Uint8Array} frame */
  send(frame) {
    this.ws?.send(frame)
  }

  /**
   * Asks for the server's state again (a new step1) and resolves with the size of its answer. The
   * server answers in order, after every message this client sent before.
   * @param {number} timeoutMs
   * @returns {Promise<number>}
   */
  fetchState(timeoutMs = 20_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.dialect.name}: no step2 on ${this.room} within ${timeoutMs} ms`)), timeoutMs)
      this.step2Waiters.push(() => {
        clearTimeout(timer)
        resolve(this.step2Bytes)
      })
      this.ws?.send(this.dialect.step1(this.room))
    })
  }

  get bufferedAmount() {
    return this.ws?.bufferedAmount ?? 0
  }

  /** Closes politely and resolves when the socket is closed (bounded). */
  close(timeoutMs = 3000) {
    const ws = this.ws
    if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        ws.terminate()
        resolve(undefined)
      }, timeoutMs)
      ws.once('close', () => {
        clearTimeout(timer)
        resolve(undefined)
      })
      ws.close()
    })
  }

  terminate() {
    this.ws?.terminate()
  }
}
