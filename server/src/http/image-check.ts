// What a photo really is, read from its bytes (libvips, through sharp): its type, among those a
// page accepts, and whether it still says where it was taken (EXIF GPS, or XMP's GPS fields).
// sharp is loaded on first use: a server that never receives a photo never pays for it.
import exifReader from 'exif-reader'

/** The image types a page takes, by the format name libvips reads. */
const ACCEPTED: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
}

export type ImageCheck = { kind: 'ok'; type: string; width?: number; height?: number } | { kind: 'not-an-image' } | { kind: 'located' }

type Sharp = (typeof import('sharp'))['default']
let sharp: Promise<Sharp> | null = null

export async function readImage(data: Uint8Array): Promise<ImageCheck> {
  sharp ??= import('sharp').then((module) => module.default)
  let metadata: import('sharp').Metadata
  try {
    const open = await sharp
    metadata = await open(data, { failOn: 'error' }).metadata()
  } catch {
    return { kind: 'not-an-image' }
  }
  const type = metadata.format ? ACCEPTED[metadata.format] : undefined
  if (!type) return { kind: 'not-an-image' }
  if (carriesLocation(metadata)) return { kind: 'located' }
  return { kind: 'ok', type, ...(metadata.width ? { width: metadata.width } : {}), ...(metadata.height ? { height: metadata.height } : {}) }
}

function carriesLocation(metadata: import('sharp').Metadata): boolean {
  if (metadata.exif) {
    try {
      const gps = exifReader(metadata.exif).GPSInfo as Record<string, unknown> | undefined
      if (gps && ('GPSLatitude' in gps || 'GPSLongitude' in gps)) return true
    } catch {
      // Unreadable EXIF: look for the GPS block's tag by hand below.
      if (metadata.exif.includes(Buffer.from([0x88, 0x25])) || metadata.exif.includes(Buffer.from([0x25, 0x88]))) return true
    }
  }
  return metadata.xmp !== undefined && /GPSLatitude|GPSLongitude/.test(metadata.xmp.toString('utf8'))
}
