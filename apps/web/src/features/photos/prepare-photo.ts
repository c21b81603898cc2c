// A photo made ready to leave the device: decoded (turned upright as the camera said), scaled to
// about 2,048 pixels on its long side, and drawn again into a fresh JPEG. Drawing it again is what
// drops everything a camera writes beside the picture — EXIF, the GPS position, XMP, the maker's
// notes: a canvas encodes pixels and nothing else. Its name is the SHA-256 of those new bytes.
import { sha256Hex } from '@carnet/core/sha256'

/** Long side of a prepared photo: a paperboard stays legible on a projector, a phone sends it in seconds. */
export const LONG_SIDE = 2048
const TYPE = 'image/jpeg'
/** Tried in turn until the photo fits; then its size goes down. */
const QUALITIES = [0.85, 0.72, 0.6] as const
/** Below the relay's default limit per photo (8 MiB), with room to spare. */
export const MAX_PREPARED_BYTES = 6 * 1024 * 1024

export interface PreparedPhoto {
  bytes: Uint8Array<ArrayBuffer>
  type: typeof TYPE
  width: number
  height: number
  sha256: string
}

export class PhotoPreparationError extends Error {
  constructor(readonly reason: 'unreadable' | 'too-large') {
    super(reason)
    this.name = 'PhotoPreparationError'
  }
}

/** The width and height a picture of this size is drawn at. */
export function preparedSize(width: number, height: number, longSide = LONG_SIDE): { width: number; height: number } {
  const scale = Math.min(1, longSide / Math.max(width, height))
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

async function encode(bitmap: ImageBitmap, width: number, height: number, quality: number): Promise<Blob> {
  const canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(width, height) : Object.assign(document.createElement('canvas'), { width, height })
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null
  if (!context) throw new PhotoPreparationError('unreadable')
  // JPEG has no transparency: a screenshot's transparent parts become white, not black.
  context.fillStyle = '#ffffff'
  context.fillRect(0, 0, width, height)
  context.imageSmoothingQuality = 'high'
  context.drawImage(bitmap, 0, 0, width, height)
  if (canvas instanceof OffscreenCanvas) return canvas.convertToBlob({ type: TYPE, quality })
  return new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new PhotoPreparationError('unreadable'))), TYPE, quality))
}

export async function preparePhoto(file: Blob, maxBytes = MAX_PREPARED_BYTES): Promise<PreparedPhoto> {
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  } catch {
    throw new PhotoPreparationError('unreadable')
  }
  try {
    for (let longSide = LONG_SIDE; longSide >= 512; longSide = Math.round(longSide * 0.75)) {
      const { width, height } = preparedSize(bitmap.width, bitmap.height, longSide)
      for (const quality of QUALITIES) {
        const blob = await encode(bitmap, width, height, quality)
        if (blob.size > maxBytes) continue
        const bytes = new Uint8Array(await blob.arrayBuffer())
        return { bytes, type: TYPE, width, height, sha256: await sha256Hex(bytes) }
      }
    }
    throw new PhotoPreparationError('too-large')
  } finally {
    bitmap.close()
  }
}
