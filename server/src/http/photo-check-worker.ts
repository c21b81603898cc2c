// Entry of the photo-check thread (photo-checks.ts): hashes a received photo and reads what it is
// (image-check.ts, libvips), at the lowest priority, so that the relay's thread keeps serving the
// keystrokes meanwhile. The bytes come transferred, not copied, and go back the same way.
import { createHash } from 'node:crypto'
import { parentPort } from 'node:worker_threads'
import { readImage, type ImageCheck } from './image-check.js'
import { lowestThreadPriority } from './thread-priority.js'

export interface PhotoCheckRequest {
  id: number
  bytes: ArrayBuffer
  offset: number
  length: number
}

export interface PhotoCheckAnswer {
  id: number
  bytes: ArrayBuffer
  digest?: string
  image?: ImageCheck
  error?: string
}

lowestThreadPriority()

parentPort?.on('message', (request: PhotoCheckRequest) => {
  void check(request).then((answer) => parentPort?.postMessage(answer, [answer.bytes]))
})

async function check({ id, bytes, offset, length }: PhotoCheckRequest): Promise<PhotoCheckAnswer> {
  const data = new Uint8Array(bytes, offset, length)
  try {
    const digest = createHash('sha256').update(data).digest('hex')
    return { id, bytes, digest, image: await readImage(data) }
  } catch (error) {
    return { id, bytes, error: String((error as Error).message ?? error) }
  }
}
