// A page's photos as the exporters read them: an `image` node's address (only Carnet's own
// `/api/pages/<id>/files/<sha256>`; any other `src` a client wrote is ignored), its description,
// its size, where it is found on the public server, and its bytes as a data URI when the export
// was given them. Words are French, as every export's labels are (page-facts.ts).
import { PHOTO_TYPES, readPhotoAddress, type PhotoAddress, type PmNode } from '@carnet/core'
import type { ExportInput, PhotoBytes } from './export-input.js'
import { LABEL_SEPARATOR } from './page-facts.js'

export const PHOTO_LABEL = 'Photo'

export interface PagePhoto {
  address: PhotoAddress
  /** `/api/pages/<id>/files/<sha256>`. */
  path: string
  /** What the photo shows, on one line ('' when nobody described it). */
  alt: string
  width: number | null
  height: number | null
}

function dimension(value: unknown): number | null {
  const number = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : value
  return typeof number === 'number' && Number.isInteger(number) && number > 0 && number <= 65_535 ? number : null
}

/** The photo an `image` node shows, or null when its `src` is not one of Carnet's photos. */
export function pagePhoto(node: PmNode): PagePhoto | null {
  const src = node.attrs?.['src']
  const address = readPhotoAddress(src)
  if (!address) return null
  const alt = node.attrs?.['alt']
  return {
    address,
    path: src as string,
    alt: typeof alt === 'string' ? alt.replace(/\s+/g, ' ').trim() : '',
    width: dimension(node.attrs?.['width']),
    height: dimension(node.attrs?.['height']),
  }
}

/** "Photo : le paperboard", or "Photo" for one nobody described. */
export function photoCaption(photo: Pick<PagePhoto, 'alt'>): string {
  return photo.alt ? `${PHOTO_LABEL}${LABEL_SEPARATOR}${photo.alt}` : PHOTO_LABEL
}

/** The address a reader follows to the photo: absolute under the public URL when it is known. */
export function photoUrl(input: Pick<ExportInput, 'publicUrl' | 'url' | 'id'>, photo: PagePhoto): string {
  const base = (input.publicUrl ?? publicBaseOf(input.url, input.id))?.replace(/\/+$/, '')
  return base ? `${base}${photo.path}` : photo.path
}

function publicBaseOf(url: string | undefined, id: string): string | undefined {
  const suffix = `/p/${id}`
  const trimmed = url?.trim()
  return trimmed?.endsWith(suffix) && /^https?:\/\//i.test(trimmed) ? trimmed.slice(0, -suffix.length) : undefined
}

/** The photo's bytes from the export input, when it was given them. */
export function photoBytes(input: Pick<ExportInput, 'photos'>, photo: PagePhoto): PhotoBytes | null {
  return input.photos?.get(photo.address.sha256) ?? null
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Bytes as base64 (RFC 4648), written out here: neither Node's Buffer nor the DOM's btoa is everywhere the exporters run. */
export function base64(bytes: Uint8Array): string {
  const out: string[] = []
  let chunk = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!
    const b = bytes[i + 1]
    const c = bytes[i + 2]
    chunk += BASE64[a >> 2]! + BASE64[((a & 3) << 4) | ((b ?? 0) >> 4)]!
    chunk += b === undefined ? '=' : BASE64[((b & 15) << 2) | ((c ?? 0) >> 6)]!
    chunk += c === undefined ? '=' : BASE64[c & 63]!
    // Joined in pieces: one string grown to megabytes a character at a time is slow in some engines.
    if (chunk.length >= 8192) {
      out.push(chunk)
      chunk = ''
    }
  }
  out.push(chunk)
  return out.join('')
}

const DATA_URI_TYPES: ReadonlySet<string> = new Set(PHOTO_TYPES)

/** A data URI of the bytes, for an accepted image type only (never SVG: a picture cannot carry script). */
export function photoDataUri(bytes: PhotoBytes): string | null {
  return DATA_URI_TYPES.has(bytes.type) ? `data:${bytes.type};base64,${base64(bytes.data)}` : null
}
