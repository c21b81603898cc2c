// The archive's HTTP API as types: what `GET /api/pages`, `/api/pages/<id>`, `/api/pages/<id>/history`,
// the JSON export, `POST /api/import` and `GET /api/settings` answer, and the shape of every
// refusal. The server writes these, the PWA and the tests read them: one definition, so a field
// cannot change on one side only. Dates are ISO
// 8601 strings (JSON has no dates).
import type { PageMeta } from './page-doc.js'
import type { PmNode } from './page-schema.js'

/**
 * One page as the archive lists it (`GET /api/pages`) and describes it (`GET /api/pages/<id>`):
 * its details (`Map('meta')`) with the archive's own dates and count.
 */
export interface PageSummary extends Omit<PageMeta, 'createdAt'> {
  id: string
  /** When the archive first stored the page. */
  createdAt: string
  updatedAt: string
  /** Number of distinct writer names. */
  writers: number
}

/** `GET /api/pages[?q=&tag=&from=&to=&limit=&offset=]`: most recently changed first. */
export interface PageListResponse {
  pages: PageSummary[]
}

/** One saved version of a page, without its content. */
export interface VersionSummary {
  id: number
  createdAt: string
  /** Who wrote since the previous version. */
  writers: string[]
  /** Size of the version's Yjs state. */
  bytes: number
}

/** `GET /api/pages/<id>/history`: newest first. */
export interface VersionListResponse {
  versions: VersionSummary[]
}

/** A page or one of its versions as JSON (`…/export?format=json`, `…/history/<versionId>?format=json`). */
export interface PageJson {
  format: 'carnet-page'
  version: number
  id: string
  meta: PageMeta
  body: PmNode
}

/** `POST /api/import?format=…` (201): the new page and the edit key it is claimed with — the only place that key appears. */
export interface ImportResponse {
  id: string
  key: string
}

/** `GET /api/settings`: what the app needs to know of this server beyond the pages. */
export interface SettingsResponse {
  /** The city wiki "Publier sur le wiki" leads to (`CARNET_WIKI_URL`), null when none is set. */
  wiki: { url: string; categoryNamespace: string } | null
  /** Largest file `POST /api/import` reads. */
  importMaxBytes: number
}

/** Every refusal (4xx, 5xx) of the API: what went wrong, in words. */
export interface ApiError {
  error: string
  /** A word for programs where one status has several causes (join codes' 409: `not-stored`, `closed`). */
  reason?: string
}

/** A join code the relay keeps for a meeting's time. */
export interface JoinCodeInfo {
  /** Nine characters, as typed (see join-code.ts); shown in groups of three. */
  code: string
  /** ISO date after which it no longer opens the page. */
  expiresAt: string
}

/** `POST /api/pages/<id>/join-codes`: a code that writes (for the edit key's holder) and one that reads. */
export interface JoinCodesResponse {
  edit: JoinCodeInfo | null
  read: JoinCodeInfo
}

/** `GET /api/join/<code>`: the page a code opens, with the edit key when the code writes. */
export interface JoinResponse {
  pageId: string
  /** Only for a code that stands for the edit link. */
  key?: string
}

/** `GET /api/instance`: where people reach this Carnet, and (a room relay) its link to the city. */
export interface InstanceResponse {
  /** The address to give people: `CARNET_PUBLIC_URL`, the room's LAN address, or the one asked. */
  publicUrl: string
  /** False when the server only listens on this computer (a room cannot reach it). */
  reachableFromRoom: boolean
  /** Served over HTTPS (service workers, the clipboard and crypto.subtle need it in browsers). */
  secure: boolean
  /** A room relay's link to the city's Carnet. */
  link?: import('./wire.js').LinkState
}
