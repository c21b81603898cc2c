// Encoding and decoding of the frames that cross the sync socket, written plainly with lib0 like
// y-protocols itself. The relay parses every client frame with `parseClientFrame`, which refuses
// anything that is not exactly one well-formed message; the browser uses the Carnet encoders.
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { CarnetMessage, MessageType, SyncMessageType, type AccessRequest, type AccessState, type RelayNotice, type LinkState } from './wire.js'

export type ClientFrame =
  | { kind: 'sync-step1'; stateVector: Uint8Array }
  | { kind: 'sync-update'; update: Uint8Array; step: 'step2' | 'update' }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query-awareness' }
  | { kind: 'auth' }
  | { kind: 'stored-query'; seq: number }
  | { kind: 'access-request'; request: AccessRequest }

export type RelayFrame =
  | { kind: 'stored'; seq: number }
  | { kind: 'access'; state: AccessState }
  | { kind: 'notice'; notice: RelayNotice }
  | { kind: 'link'; state: LinkState }

export class FrameError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FrameError'
  }
}

/** Parses one frame from a client. Throws `FrameError` with a short reason for anything else. */
export function parseClientFrame(data: Uint8Array): ClientFrame {
  const decoder = decoding.createDecoder(data)
  const frame = guarded(() => readClientFrame(decoder))
  // lib0 reads byte arrays as views without a bounds check when the frame sits inside a larger
  // buffer (as ws hands them over): a length past the end shows up here, not as an exception.
  if (decoder.pos > data.length) throw new FrameError('truncated message')
  if (decoding.hasContent(decoder)) throw new FrameError('trailing bytes after the message')
  return frame
}

function readClientFrame(decoder: decoding.Decoder): ClientFrame {
  const type = decoding.readVarUint(decoder)
  switch (type) {
    case MessageType.sync: {
      const syncType = decoding.readVarUint(decoder)
      const payload = decoding.readVarUint8Array(decoder)
      if (syncType === SyncMessageType.step1) return { kind: 'sync-step1', stateVector: checkedStateVector(payload) }
      if (syncType === SyncMessageType.step2) return { kind: 'sync-update', update: payload, step: 'step2' }
      if (syncType === SyncMessageType.update) return { kind: 'sync-update', update: payload, step: 'update' }
      throw new FrameError(`unknown sync message type ${syncType}`)
    }
    case MessageType.awareness:
      return { kind: 'awareness', update: decoding.readVarUint8Array(decoder) }
    case MessageType.queryAwareness:
      return { kind: 'query-awareness' }
    case MessageType.auth:
      // Clients have nothing to say in the auth protocol; read and ignore it like the stock server.
      decoding.readVarUint(decoder)
      if (decoding.hasContent(decoder)) decoding.readVarString(decoder)
      return { kind: 'auth' }
    case MessageType.carnet: {
      const sub = decoding.readVarUint(decoder)
      if (sub === CarnetMessage.storedQuery) return { kind: 'stored-query', seq: decoding.readVarUint(decoder) }
      if (sub === CarnetMessage.accessRequest) {
        return { kind: 'access-request', request: parseAccessRequest(decoding.readVarString(decoder)) }
      }
      throw new FrameError(`unknown carnet message type ${sub}`)
    }
    default:
      throw new FrameError(`unknown message type ${type}`)
  }
}

/**
 * A state vector is answered with `Y.encodeStateAsUpdate(doc, stateVector)`, which decodes it:
 * refuse here anything it could not decode (empty, cut short, numbers past 2^53).
 */
function checkedStateVector(payload: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(payload)
  const clients = decoding.readVarUint(decoder)
  for (let i = 0; i < clients; i++) {
    decoding.readVarUint(decoder)
    decoding.readVarUint(decoder)
  }
  if (decoding.hasContent(decoder)) throw new FrameError('invalid state vector')
  return payload
}

function parseAccessRequest(json: string): AccessRequest {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    throw new FrameError('access request is not JSON')
  }
  const action = (value as { action?: unknown } | null)?.action
  if (action === 'close' || action === 'reopen') return { action }
  if (action === 'open-to-all') return { action, open: (value as { open?: unknown }).open === true }
  throw new FrameError('unknown access request')
}

/** Turns lib0's decoding errors (reading past the end, varint overflow) into a `FrameError`. */
function guarded<T>(read: () => T): T {
  try {
    return read()
  } catch (error) {
    if (error instanceof FrameError) throw error
    const message = (error as Error).message
    const truncated = error instanceof RangeError || /unexpected end/i.test(message)
    throw new FrameError(truncated ? 'truncated message' : `unreadable number or text (${message})`)
  }
}

export function parseRelayFrame(data: Uint8Array): RelayFrame | null {
  const decoder = decoding.createDecoder(data)
  if (decoding.readVarUint(decoder) !== MessageType.carnet) return null
  return readCarnetRelayMessage(decoder)
}

/** Reads a Carnet message from the relay once its message type has been read (as y-websocket's handlers do). */
export function readCarnetRelayMessage(decoder: decoding.Decoder): RelayFrame | null {
  const sub = decoding.readVarUint(decoder)
  if (sub === CarnetMessage.stored) return { kind: 'stored', seq: decoding.readVarUint(decoder) }
  if (sub === CarnetMessage.access) return { kind: 'access', state: JSON.parse(decoding.readVarString(decoder)) as AccessState }
  if (sub === CarnetMessage.notice) return { kind: 'notice', notice: JSON.parse(decoding.readVarString(decoder)) as RelayNotice }
  if (sub === CarnetMessage.link) return { kind: 'link', state: JSON.parse(decoding.readVarString(decoder)) as LinkState }
  return null
}

/** Frames are fresh ArrayBuffer-backed arrays, which `WebSocket.send` accepts as they are. */
export type Frame = Uint8Array<ArrayBuffer>

function frame(write: (encoder: encoding.Encoder) => void): Frame {
  const encoder = encoding.createEncoder()
  write(encoder)
  return encoding.toUint8Array(encoder) as Frame
}

export function encodeSyncStep1(stateVector: Uint8Array): Frame {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.sync)
    encoding.writeVarUint(e, SyncMessageType.step1)
    encoding.writeVarUint8Array(e, stateVector)
  })
}

export function encodeSyncStep2(update: Uint8Array): Frame {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.sync)
    encoding.writeVarUint(e, SyncMessageType.step2)
    encoding.writeVarUint8Array(e, update)
  })
}

export function encodeSyncUpdate(update: Uint8Array): Frame {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.sync)
    encoding.writeVarUint(e, SyncMessageType.update)
    encoding.writeVarUint8Array(e, update)
  })
}

export function encodeAwareness(update: Uint8Array): Frame {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.awareness)
    encoding.writeVarUint8Array(e, update)
  })
}

/** y-protocols' auth "permission denied": stock clients log the reason. */
export function encodePermissionDenied(reason: string): Frame {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.auth)
    encoding.writeVarUint(e, 0)
    encoding.writeVarString(e, reason)
  })
}

export function encodeStoredQuery(seq: number): Frame {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.carnet)
    encoding.writeVarUint(e, CarnetMessage.storedQuery)
    encoding.writeVarUint(e, seq)
  })
}

export function encodeAccessRequest(request: AccessRequest): Frame {
  return carnetJson(CarnetMessage.accessRequest, request)
}

export function encodeStored(seq: number): Frame {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.carnet)
    encoding.writeVarUint(e, CarnetMessage.stored)
    encoding.writeVarUint(e, seq)
  })
}

export function encodeAccess(state: AccessState): Frame {
  return carnetJson(CarnetMessage.access, state)
}

export function encodeNotice(notice: RelayNotice): Frame {
  return carnetJson(CarnetMessage.notice, notice)
}

export function encodeLinkState(state: LinkState): Frame {
  return carnetJson(CarnetMessage.link, state)
}

function carnetJson(sub: number, value: unknown): Frame {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.carnet)
    encoding.writeVarUint(e, sub)
    encoding.writeVarString(e, JSON.stringify(value))
  })
}
