// What one group of frames makes a room do, gathered while the frames are handled and let out only
// once the group is committed (see room.ts): the document changes to store, and what follows them
// — replies, broadcasts, notices. Each part of the room (rights, presence, the link to the other
// processes) adds to the same group.
import type { Connection } from './connection.js'

export type Output =
  | { kind: 'send'; to: Connection; data: Uint8Array }
  /** Presence: skipped for sockets that are behind, who get all of it once they catch up. */
  | { kind: 'presence'; data: Uint8Array }
  | { kind: 'update'; update: Uint8Array; from: Connection | null }
  /** Committed by another process: sent to every socket, even when this group's write fails. */
  | { kind: 'peer-update'; update: Uint8Array }
  | { kind: 'sync-reply'; to: Connection; stateVector: Uint8Array }
  | { kind: 'hello'; to: Connection }

export interface Write {
  update: Uint8Array
  /** The socket that sent it, or null for the relay's own changes. */
  from: Connection | null
}

export class Group {
  writes: Write[] = []
  outputs: Output[] = []

  send(to: Connection, data: Uint8Array): void {
    this.outputs.push({ kind: 'send', to, data })
  }

  /** Queues the broadcast of the changes written since `writesBefore` (sent once stored). */
  broadcastWritesSince(writesBefore: number, from: Connection | null): void {
    for (let i = writesBefore; i < this.writes.length; i++) this.outputs.push({ kind: 'update', update: this.writes[i]!.update, from })
  }

  /** What was gathered, leaving the group empty for the next frames. */
  take(): { writes: Write[]; outputs: Output[] } {
    const taken = { writes: this.writes, outputs: this.outputs }
    this.writes = []
    this.outputs = []
    return taken
  }
}
