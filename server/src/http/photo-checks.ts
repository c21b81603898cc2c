// Hashes and reads received photos in a thread of their own (photo-check-worker.ts), started on
// the first photo. On the relay's thread a 2 MB photo cost some 1.5 ms of hashing and the image
// library's first load about 0.1 s; every keystroke arriving meanwhile waited (bench 13). The
// bytes are transferred to the thread and back, never copied. Where the worker cannot run (a
// server run from its sources, without the bundle), the same checks run here.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { readImage, type ImageCheck } from './image-check.js'
import type { PhotoCheckAnswer, PhotoCheckRequest } from './photo-check-worker.js'

export interface PhotoFacts {
  /** The bytes, given back (the same memory). */
  data: Uint8Array
  /** Their SHA-256, hexadecimal. */
  digest: string
  image: ImageCheck
}

/** The bundled worker next to this module: dist/photo-check-worker.js, from dist/ or dist/chunks/. */
function workerFile(): URL | null {
  for (const candidate of ['./photo-check-worker.js', '../photo-check-worker.js']) {
    const url = new URL(candidate, import.meta.url)
    if (existsSync(fileURLToPath(url))) return url
  }
  return null
}

export class PhotoChecks {
  private worker: Worker | null = null
  private nextId = 0
  private readonly pending = new Map<number, { resolve: (facts: PhotoFacts) => void; reject: (error: Error) => void }>()

  /** Hashes `data` and reads what image it is; `data` must not be used until this resolves. */
  async check(data: Uint8Array): Promise<PhotoFacts> {
    const worker = this.started()
    if (!worker) return { data, digest: createHash('sha256').update(data).digest('hex'), image: await readImage(data) }
    const id = this.nextId++
    // Only a buffer that is the whole of its memory can be handed over; a view into a shared
    // pool (a small photo) is copied first (`new Uint8Array` copies; a Buffer's `slice` would not).
    const own = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer ? data : new Uint8Array(data)
    const request: PhotoCheckRequest = { id, bytes: own.buffer as ArrayBuffer, offset: 0, length: own.byteLength }
    return new Promise<PhotoFacts>((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      worker.postMessage(request, [request.bytes])
    })
  }

  async close(): Promise<void> {
    const worker = this.worker
    this.worker = null
    await worker?.terminate()
  }

  private started(): Worker | null {
    if (this.worker) return this.worker
    const file = workerFile()
    if (!file) return null
    const worker = new Worker(file)
    // A relay otherwise done must not be kept alive by an idle checker.
    worker.unref()
    worker.on('message', (answer: PhotoCheckAnswer) => {
      const waiting = this.pending.get(answer.id)
      if (!waiting) return
      this.pending.delete(answer.id)
      if (answer.error !== undefined || !answer.digest || !answer.image) waiting.reject(new Error(`photo check failed: ${answer.error ?? 'no answer'}`))
      else waiting.resolve({ data: new Uint8Array(answer.bytes, 0, answer.bytes.byteLength), digest: answer.digest, image: answer.image })
    })
    const fail = (error: Error): void => {
      if (this.worker === worker) this.worker = null
      for (const waiting of this.pending.values()) waiting.reject(error)
      this.pending.clear()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`the photo checker stopped (exit code ${code})`)))
    this.worker = worker
    return worker
  }
}
