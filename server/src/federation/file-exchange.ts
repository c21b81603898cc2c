// A page's photos across the federation link, the same way on both ends: each side tells the other
// the photos of the page it holds ("have"), the other answers with those it lacks ("want"), and
// they are sent, stored and acknowledged one by one. Photos are named by their bytes' SHA-256, so
// a name says everything: nothing is sent twice, and what is received is checked against it.
import { createHash } from 'node:crypto'
import type { Logger } from 'pino'
import type { PageFiles } from '../archive/store.js'
import type { LinkFrame } from './link-frames.js'

export class FileExchange {
  /** Per page: "have" lists sent and not yet answered, photos sent and not yet stored. */
  private readonly waiting = new Map<string, { announced: number; sent: Set<string> }>()

  constructor(
    private readonly store: Pick<PageFiles, 'listPageFiles' | 'getPageFile' | 'addPageFile'>,
    private readonly send: (frame: LinkFrame) => void,
    private readonly log: Logger,
    /** Told when nothing of the page's photos waits for the other side any more. */
    private readonly settled: (pageId: string) => void = () => undefined,
  ) {}

  /** Tells the other side the page's photos this side holds (`names`, or all of them). */
  async announce(pageId: string, names?: string[]): Promise<void> {
    const held = names ?? (await this.store.listPageFiles(pageId)).map((file) => file.sha256)
    this.entry(pageId).announced++
    this.send({ kind: 'files-have', pageId, names: held })
  }

  /** Photos of the page still on their way to the other side (or unanswered lists). */
  pending(pageId: string): number {
    const entry = this.waiting.get(pageId)
    return entry ? entry.announced + entry.sent.size : 0
  }

  forget(pageId: string): void {
    this.waiting.delete(pageId)
  }

  /** Handles a photo frame from the other side; false for any other frame. */
  async receive(frame: LinkFrame): Promise<boolean> {
    switch (frame.kind) {
      case 'files-have': {
        const held = new Set((await this.store.listPageFiles(frame.pageId)).map((file) => file.sha256))
        this.send({ kind: 'files-want', pageId: frame.pageId, names: frame.names.filter((name) => !held.has(name)) })
        return true
      }
      case 'files-want': {
        const entry = this.entry(frame.pageId)
        entry.announced = Math.max(0, entry.announced - 1)
        for (const name of frame.names) {
          const file = await this.store.getPageFile(frame.pageId, name)
          if (!file) continue
          entry.sent.add(name)
          this.send({ kind: 'file', pageId: frame.pageId, file })
        }
        this.check(frame.pageId)
        return true
      }
      case 'file': {
        const { file } = frame
        if (createHash('sha256').update(file.data).digest('hex') !== file.sha256) {
          this.log.warn({ pageId: frame.pageId, sha256: file.sha256 }, 'federation: a photo whose bytes do not match its name was refused')
          return true
        }
        try {
          await this.store.addPageFile(frame.pageId, file, Date.now())
          this.send({ kind: 'file-stored', pageId: frame.pageId, name: file.sha256 })
        } catch (error) {
          this.log.error({ err: error, pageId: frame.pageId }, 'federation: could not store a photo from the other side')
        }
        return true
      }
      case 'file-stored':
        this.waiting.get(frame.pageId)?.sent.delete(frame.name)
        this.check(frame.pageId)
        return true
      default:
        return false
    }
  }

  private entry(pageId: string): { announced: number; sent: Set<string> } {
    let entry = this.waiting.get(pageId)
    if (!entry) this.waiting.set(pageId, (entry = { announced: 0, sent: new Set() }))
    return entry
  }

  private check(pageId: string): void {
    if (this.pending(pageId) === 0) this.settled(pageId)
  }
}
