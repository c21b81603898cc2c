// Who may write a page, as its room applies it (see page-rights.ts for the rules): the access
// record, each socket's rights, and the refusals explained to clients. A claim or change made
// while a group is handled is stored when the group is committed (`save`), before anything of the
// group leaves the room; a claim another process made first wins, and the group is then dropped.
import type { Logger } from 'pino'
import { encodeAccess, encodeNotice, encodePermissionDenied, type AccessRequest, type NoticeCode } from '@carnet/core'
import type { AccessChange, AccessRecords, PageAccess } from '../archive/store.js'
import type { Connection } from './connection.js'
import type { Group } from './group.js'
import { accessState, claimOnJoin, claimOnWrite, linkedRelayState } from './page-rights.js'

const NOTICES: Record<NoticeCode, string> = {
  'read-only': 'read-only: this link cannot write to the page (it needs the edit key); your changes were not accepted',
  'wrong-key': 'wrong edit key: your changes were not accepted',
  closed: 'the page is closed: nobody can write until an edit-key holder reopens it',
  'storage-unavailable': 'storage unavailable: your changes are kept on your device, retry later',
  'page-too-large': 'page too large',
  'moved-aside': 'this page id was claimed with another key on the city’s Carnet: what was written here is kept under a new page id',
}

export class RoomAccess {
  /** Who may write; null until someone claims the page. */
  private record: PageAccess | null = null
  /** A claim made in the current group, stored (or found taken) when it is committed. */
  private pendingClaim: PageAccess | null = null
  /** Flag changes made in the current group, stored when it is committed. */
  private pendingChange: AccessChange = {}
  /** Reads of the record after another process changed it, one after the other. */
  private reads: Promise<void> = Promise.resolve()

  constructor(
    private readonly pageId: string,
    private readonly store: AccessRecords,
    private readonly connections: ReadonlySet<Connection>,
    private readonly group: Group,
    private readonly log: Logger,
  ) {}

  get current(): PageAccess | null {
    return this.record
  }

  /** The record as read from the archive when the page is loaded. */
  loaded(record: PageAccess | null): void {
    this.record = record
  }

  /** A socket joins: its key claims an unclaimed page; it is told its rights. */
  welcome(conn: Connection): void {
    const claimed = claimOnJoin(this.record, conn.editKey)
    if (claimed !== this.record) this.claim(claimed!)
    conn.rights = rightsOf(this.record, conn)
    // Told only when it matters: on a page open to all, a wrong key writes like anyone.
    if (conn.editKey && !conn.rights.hasKey && !conn.rights.canWrite) this.refuse(conn, 'wrong-key')
  }

  /**
   * A keyless socket's change reached an unclaimed page: it opens the page to all. Only a real
   * change claims: a keyless reader's sync that brings nothing must not open to all a page whose key
   * holder has not connected yet — or has, through another process this room has not heard from.
   */
  claimByFirstWrite(from: Connection): void {
    // A linked relay's changes claim nothing: its side's record comes over the link.
    if (this.record === null && !from.editKey && !from.trusted) this.claim(claimOnWrite(null))
  }

  /**
   * The record a linked relay holds (see federation/access-merge.ts for who wins): taken as this
   * side's own — claimed if there was none, its flags changed otherwise — stored with the group.
   */
  takeLinked(record: PageAccess): void {
    if (this.record === null) {
      this.claim(record)
      return
    }
    const change: AccessChange = {}
    if (record.openToAll !== this.record.openToAll) change.openToAll = record.openToAll
    if (record.closed !== this.record.closed) change.closed = record.closed
    if (Object.keys(change).length === 0) return
    this.pendingChange = { ...this.pendingChange, ...change }
    this.set({ ...this.record, ...change })
  }

  /** A change a linked relay's key holder made (close, reopen, open to all), stored with the group. */
  changeLinked(change: AccessChange): void {
    if (!this.record) return
    this.pendingChange = { ...this.pendingChange, ...change }
    this.set({ ...this.record, ...change })
  }

  /** A socket that may not write sent a change: it is told why, once. */
  refuseWrite(from: Connection): void {
    from.refusedWrites = true
    this.refuse(from, this.record?.closed ? 'closed' : from.editKey ? 'wrong-key' : 'read-only')
  }

  /** Explains a refusal once per socket: Carnet clients get a notice, stock clients the auth message. */
  refuse(conn: Connection, code: NoticeCode): void {
    if (conn.noticesSent.has(code)) return
    conn.noticesSent.add(code)
    const message = NOTICES[code]
    this.group.send(conn, conn.speaksCarnet ? encodeNotice({ code, message }) : encodePermissionDenied(message))
  }

  /**
   * Close, reopen, open to all: only for the edit key's holders. Returns the page's closed flag
   * after the change (the room writes it into the page's meta too), or null when refused.
   */
  request(from: Connection, request: AccessRequest): boolean | null {
    if (!from.rights.hasKey || !this.record) {
      this.refuse(from, 'read-only')
      return null
    }
    const change: AccessChange = request.action === 'open-to-all' ? { openToAll: request.open } : { closed: request.action === 'close' }
    this.pendingChange = { ...this.pendingChange, ...change }
    const next: PageAccess = { ...this.record, ...change }
    this.set(next)
    return next.closed
  }

  /** The record as another process stored it, with this group's own changes still on top. */
  adopt(stored: PageAccess | null): void {
    if (stored) this.set({ ...stored, ...this.pendingChange })
  }

  /**
   * Another process changed the record: `deliver` it at once (so rights change before the updates
   * that follow it), then the record read again — the last one read holds, whatever raced before.
   */
  changedElsewhere(access: PageAccess, deliver: (access: PageAccess | null) => void): void {
    deliver(access)
    this.reads = this.reads
      .then(() => this.store.getAccess(this.pageId))
      .then(deliver, (error: unknown) => this.log.warn({ err: error, pageId: this.pageId }, 'could not read the access changed by another process'))
  }

  /**
   * Stores the group's claim or changes. `'lost'`: another connection claimed the page first
   * (through another process), so the group was judged with rights that do not hold. `publish` is
   * told the record once stored.
   */
  async save(publish: (access: PageAccess) => void): Promise<'ok' | 'lost'> {
    const claim = this.pendingClaim
    const change = this.pendingChange
    if (!claim && Object.keys(change).length === 0) return 'ok'
    try {
      if (claim) {
        const holding = await this.store.claimAccess(this.pageId, claim)
        this.pendingClaim = null
        if (holding.keyHash !== claim.keyHash) {
          this.pendingChange = {}
          this.set(holding)
          return 'lost'
        }
        // Claimed with the same key elsewhere, and maybe closed or opened since.
        if (holding.openToAll !== claim.openToAll || holding.closed !== claim.closed) this.adopt(holding)
      }
      if (Object.keys(change).length > 0) {
        const stored = await this.store.updateAccess(this.pageId, change)
        this.pendingChange = {}
        // The stored record may also carry another process's change of the other flag.
        if (stored) this.set(stored)
      }
      if (this.record) publish(this.record)
    } catch (error) {
      // Kept in memory and saved with the next group; the page stays usable meanwhile.
      this.log.error({ err: error, pageId: this.pageId }, 'could not save page access')
    }
    return 'ok'
  }

  private claim(access: PageAccess): void {
    this.pendingClaim = access
    this.set(access)
  }

  /** Who may write now, and what each socket may do: told to the Carnet clients whose rights changed. */
  private set(next: PageAccess | null): void {
    this.record = next
    for (const conn of this.connections) {
      const rights = rightsOf(next, conn)
      if (JSON.stringify(rights) === JSON.stringify(conn.rights)) continue
      conn.rights = rights
      conn.noticesSent.clear()
      if (conn.speaksCarnet) this.group.send(conn, encodeAccess(rights))
    }
  }
}

function rightsOf(record: PageAccess | null, conn: Connection): ReturnType<typeof accessState> {
  return conn.trusted ? linkedRelayState(record) : accessState(record, conn.editKey)
}
