// Photos in SQLite, written and read a piece at a time. A 2 MB photo inserted as one row held the
// relay's thread for 10 to 30 ms (SQLite copies it into some 500 overflow pages inside one
// statement), and every keystroke of the room waited behind it; read back as one row, 3 to 30 ms.
// Here a photo larger than one piece is kept as 64 KiB rows of `file_chunks`, each written in its
// own statement with a turn of the event loop between two (about 0.2 ms each): the keystrokes go
// through in between. The `files` row that names the photo is written last, with the page's
// link to it, in one transaction: until then the photo does not exist for anyone, and a crash
// midway leaves only pieces nobody names, removed by the sweep once they are old enough never to
// belong to an upload still under way.
import type Database from 'better-sqlite3'

export const FILE_CHUNK_BYTES = 64 * 1024

/** Pieces no photo names are removed once this old (an upload never takes that long). */
export const ORPHAN_CHUNK_AGE_MS = 3_600_000

/** After this turn's reads: the sockets are served between two pieces. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

export class SqliteFileChunks {
  private readonly insert: Database.Statement<[string, number, Uint8Array, number]>
  private readonly select: Database.Statement<[string, number], { data: Buffer }>

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare('INSERT OR REPLACE INTO file_chunks (sha256, n, data, created_at) VALUES (?, ?, ?, ?)')
    this.select = db.prepare('SELECT data FROM file_chunks WHERE sha256 = ? AND n = ?')
  }

  /** How many pieces `bytes` bytes take; 0 for a photo small enough to be kept in its row. */
  static countFor(bytes: number): number {
    return bytes > FILE_CHUNK_BYTES ? Math.ceil(bytes / FILE_CHUNK_BYTES) : 0
  }

  /** Writes the pieces of `data`, one per turn of the event loop. Same name, same bytes: rewriting is harmless. */
  async write(sha256: string, data: Uint8Array, at: number): Promise<void> {
    const count = SqliteFileChunks.countFor(data.length)
    for (let n = 0; n < count; n++) {
      if (n > 0) await nextTurn()
      this.insert.run(sha256, n, data.subarray(n * FILE_CHUNK_BYTES, (n + 1) * FILE_CHUNK_BYTES), at)
    }
  }

  /** A photo's bytes from its pieces, one per turn; null when one is missing (never written whole). */
  async read(sha256: string, count: number, bytes: number): Promise<Uint8Array | null> {
    const out = new Uint8Array(bytes)
    let filled = 0
    for (let n = 0; n < count; n++) {
      if (n > 0) await nextTurn()
      const length = this.copyPiece(sha256, n, out)
      if (length < 0) return null
      filled += length
    }
    return filled === bytes ? out : null
  }

  /** The same at once, for the dumps that copy a whole page inside one read transaction. */
  readNow(sha256: string, count: number, bytes: number): Uint8Array | null {
    const out = new Uint8Array(bytes)
    let filled = 0
    for (let n = 0; n < count; n++) {
      const length = this.copyPiece(sha256, n, out)
      if (length < 0) return null
      filled += length
    }
    return filled === bytes ? out : null
  }

  /** Pieces of photos that no `files` row names as pieces, written before `before`. */
  removeOrphans(before: number): number {
    return this.db
      .prepare('DELETE FROM file_chunks WHERE created_at < ? AND sha256 NOT IN (SELECT sha256 FROM files WHERE chunks > 0)')
      .run(before).changes
  }

  /** Copies piece `n` into its place in `out`: its length, or -1 when it is missing or too long. */
  private copyPiece(sha256: string, n: number, out: Uint8Array): number {
    const piece = this.select.get(sha256, n)
    const at = n * FILE_CHUNK_BYTES
    if (!piece || at + piece.data.length > out.length) return -1
    out.set(piece.data, at)
    return piece.data.length
  }
}
