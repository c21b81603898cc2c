// Large photos of an SQLite archive, each in a file of its own beside the archive file
// (`carnet.sqlite-photos/ab/<sha256>`). Inside SQLite, a 2 MB photo cost the relay's thread about
// 10 ms in 32 inserts, and SQLite then copied it a second time from the log into the file during
// a checkpoint, with an fsync: the keystrokes of the room waited behind both (bench 13, p99 ×1.34
// to ×4). Written here, the copy and the fsync happen in libuv's thread pool and the relay's
// thread only waits for the answer. A photo is written whole under a temporary name, synced, then
// renamed: a file with a photo's name always holds all of its bytes. The archive's `files` row,
// written after the rename, is what makes it exist; files no row names are removed by the sweep
// once old enough never to belong to an upload under way.
import { randomBytes } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const PHOTO_NAME = /^[0-9a-f]{64}$/
const PART_SUFFIX = '.part'

export class PhotoDirectory {
  /** @param root the directory, created on the first write */
  constructor(readonly root: string) {}

  /** The directory beside an SQLite archive file. */
  static besideArchive(archiveFile: string): PhotoDirectory {
    return new PhotoDirectory(`${archiveFile}-photos`)
  }

  /** Where the photo named `sha256` is kept (two levels: no directory holds too many files). */
  pathOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256)
  }

  /** Writes a photo durably; the same name again is already there (same name, same bytes). */
  async write(sha256: string, data: Uint8Array): Promise<void> {
    const final = this.pathOf(sha256)
    if ((await sizeOf(final)) === data.length) return
    const folder = join(this.root, sha256.slice(0, 2))
    await mkdir(folder, { recursive: true })
    const part = `${final}.${randomBytes(6).toString('hex')}${PART_SUFFIX}`
    const file = await open(part, 'wx')
    try {
      await file.writeFile(data)
      await file.datasync()
    } catch (error) {
      await file.close()
      await unlink(part).catch(() => undefined)
      throw error
    }
    await file.close()
    await rename(part, final)
    // The rename itself must outlive a power cut before the archive's row names the photo.
    const directory = await open(folder, 'r')
    try {
      await directory.sync()
    } finally {
      await directory.close()
    }
  }

  /** The photo's bytes, or null when it is not here. */
  async read(sha256: string): Promise<Uint8Array | null> {
    try {
      return await readFile(this.pathOf(sha256))
    } catch (error) {
      if (isMissing(error)) return null
      throw error
    }
  }

  /** The same at once, for the dumps that copy a whole page inside one read transaction. */
  readNow(sha256: string): Uint8Array | null {
    try {
      return readFileSync(this.pathOf(sha256))
    } catch (error) {
      if (isMissing(error)) return null
      throw error
    }
  }

  /**
   * Removes the photos `named` does not name and the torn writes (temporary files), both only
   * when last written before `before`. Returns how many files went.
   */
  async removeUnnamed(named: (sha256: string) => boolean, before: number): Promise<number> {
    let removed = 0
    for (const folder of await listOrEmpty(this.root)) {
      for (const name of await listOrEmpty(join(this.root, folder))) {
        const keep = PHOTO_NAME.test(name) ? named(name) : !name.endsWith(PART_SUFFIX)
        if (keep) continue
        const path = join(this.root, folder, name)
        const written = await stat(path).then((info) => info.mtimeMs, () => Number.POSITIVE_INFINITY)
        if (written >= before) continue
        await unlink(path).then(() => removed++, () => undefined)
      }
    }
    return removed
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size
  } catch (error) {
    if (isMissing(error)) return -1
    throw error
  }
}

async function listOrEmpty(path: string): Promise<string[]> {
  try {
    return await readdir(path)
  } catch (error) {
    if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return []
    throw error
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT'
}
