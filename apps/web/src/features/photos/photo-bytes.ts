// The bytes of a page's photos, for the exports made in the browser (the standalone HTML carries
// them, the .carnet backup moves them): this browser's copy first — offline too — else the relay's.
// A photo found in neither is left out; the exporters say so in its place.
import { photoPath, photosInBody, type PmNode } from '@carnet/core'
import type { BackupPhoto } from '@carnet/export/page-backup'
import { findPhoto } from './local-photos.js'

export async function photoBytesOf(body: PmNode): Promise<BackupPhoto[]> {
  const found: BackupPhoto[] = []
  for (const { pageId, sha256 } of photosInBody(body)) {
    const local = await findPhoto(sha256).catch(() => null)
    if (local) {
      found.push({ sha256, type: local.type, data: new Uint8Array(await local.blob.arrayBuffer()) })
      continue
    }
    try {
      const answer = await fetch(photoPath(pageId, sha256))
      const type = answer.headers.get('content-type') ?? ''
      if (answer.ok) found.push({ sha256, type, data: new Uint8Array(await answer.arrayBuffer()) })
    } catch {
      // Offline, and not on this computer: the export names it instead.
    }
  }
  return found
}
