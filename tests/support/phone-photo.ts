// A photo as a phone's camera writes it: large (4032 × 3024 by default), a JPEG of busy pixels (a
// few megabytes, like a paperboard photographed), and EXIF that says where it was taken (GPS, in
// Brest) and which way is up. Made with sharp (libvips), seeded: the same bytes for the same seed
// (another seed, another photo: the crash suite sends many distinct ones).
import sharp from 'sharp'
import exifReader from 'exif-reader'

export interface PhonePhotoOptions {
  width?: number
  height?: number
  /** JPEG quality: higher makes a heavier file. */
  quality?: number
  seed?: number
  /** With the GPS position (default), or as a camera with location turned off writes it. */
  location?: boolean
}

export async function phonePhoto(options: PhonePhotoOptions = {}): Promise<Buffer> {
  const width = options.width ?? 4032
  const height = options.height ?? 3024
  // Stripes and noise: a picture that does not compress to nothing.
  const pixels = Buffer.alloc(width * height * 3)
  let seed = options.seed ?? 0x5eed
  for (let i = 0; i < pixels.length; i++) {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0
    pixels[i] = ((i / 3) % width < width / 2 ? 200 : 60) + (seed >>> 27)
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: options.quality ?? 92 })
    .withExif({
      IFD0: { Make: 'Carnet', Model: 'Téléphone de test', Orientation: '1' },
      ...(options.location === false ? {} : { IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 23/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '4/1 29/1 0/1' } }),
    })
    .toBuffer()
}

/** What a photo's bytes hold beside the picture: its size, type, and any location it still carries. */
export async function photoFacts(bytes: Uint8Array): Promise<{ format: string | undefined; width: number; height: number; exif: boolean; location: boolean }> {
  const metadata = await sharp(bytes).metadata()
  let location = false
  if (metadata.exif) {
    const gps = exifReader(metadata.exif).GPSInfo as Record<string, unknown> | undefined
    location = Boolean(gps && ('GPSLatitude' in gps || 'GPSLongitude' in gps))
  }
  if (metadata.xmp && /GPSLatitude|GPSLongitude/.test(metadata.xmp.toString('utf8'))) location = true
  return { format: metadata.format, width: metadata.width ?? 0, height: metadata.height ?? 0, exif: metadata.exif !== undefined, location }
}
