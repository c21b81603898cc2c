// The wire: y-websocket's message types, Carnet's one extension message, and the close codes the
// relay uses to say why it ended a connection. Stock clients only ever see the stock messages and
// the close codes; the extension is sent only to clients that ask for it (`carnet=1` in the URL).

/** y-websocket / y-protocols message types (first varuint of every frame). */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /** Carnet's extension: followed by a varuint `CarnetMessage` and its payload. */
  carnet: 100,
} as const

/** y-protocols sync sub-types. */
export const SyncMessageType = {
  step1: 0,
  step2: 1,
  update: 2,
} as const

/** Sub-types of `MessageType.carnet`. */
export const CarnetMessage = {
  /** client → relay: varuint seq. "Tell me when everything I sent before this is stored." */
  storedQuery: 0,
  /** relay → client: varuint seq. Everything the client sent before that query is in the archive. */
  stored: 1,
  /** relay → client: JSON `AccessState`, sent on connect and whenever it changes. */
  access: 2,
  /** relay → client: JSON `RelayNotice`, e.g. an update that was refused. */
  notice: 3,
  /** client → relay: JSON `AccessRequest` (close, reopen, open to all), needs the edit key. */
  accessRequest: 4,
  /** relay → client: JSON `LinkState`, from a room relay: its link to the city's Carnet, on connect and on change. */
  link: 5,
} as const

/** Query parameter a client sets on the sync URL to receive Carnet's extension messages. */
export const CARNET_CLIENT_PARAM = 'carnet'
/** Query parameter carrying the edit key. */
export const EDIT_KEY_PARAM = 'k'

/** Close codes (4000–4999 are the application's; 4xxx mirrors the HTTP status it resembles). */
export const CloseCode = {
  goingAway: 1001,
  /** The server restarts its work (the archive was restored): reconnect now. */
  serviceRestart: 1012,
  /** The server cannot take the socket right now: reconnect later. */
  tryAgainLater: 1013,
  /** ws sets this itself when a frame exceeds `maxPayload`. */
  messageTooBig: 1009,
  invalidPageId: 4400,
  originNotAllowed: 4403,
  slowConsumer: 4408,
  pageTooLarge: 4413,
  malformedMessage: 4422,
  tooManyMessages: 4429,
  tooManyPages: 4430,
  pageLoadFailed: 4500,
  storageUnavailable: 4503,
} as const

export type CloseCodeName = keyof typeof CloseCode

export function closeCodeName(code: number): CloseCodeName | undefined {
  return (Object.keys(CloseCode) as CloseCodeName[]).find((name) => CloseCode[name] === code)
}

/** What a connection may do on a page; sent to Carnet clients on connect and on change. */
export interface AccessState {
  /** This connection's updates are accepted. */
  canWrite: boolean
  /** Anyone may write (no edit key was claimed, or a key holder opened the page to all). */
  openToAll: boolean
  /** Closed at the end of the meeting: nobody writes until a key holder reopens it. */
  closed: boolean
  /** This connection brought the page's edit key. */
  hasKey: boolean
}

export type NoticeCode = 'read-only' | 'closed' | 'storage-unavailable' | 'page-too-large' | 'wrong-key' | 'moved-aside'

export interface RelayNotice {
  code: NoticeCode
  message: string
  /**
   * `moved-aside`: the page id was claimed with another key on the city's Carnet while this room
   * was cut off from it; what was written here is kept under this page id (the same key writes it).
   */
  movedTo?: string
}

/** A room relay's link to the city's Carnet, as its clients are told it. */
export interface LinkState {
  /** Linked: the city's people and the room's write together; cut: everything is kept in the room. */
  linked: boolean
  /** Since when (ms since the epoch, the relay's clock). */
  since: number
}

export type AccessRequest = { action: 'close' } | { action: 'reopen' } | { action: 'open-to-all'; open: boolean }
