// Writes a Brotli (.br) and a gzip (.gz) twin next to each text file of the built app, once the
// build (and the service worker) is written: the server (sirv, `brotli`/`gzip` on) sends the twin
// a browser accepts, so a first visit on a slow connection downloads about a quarter of the bytes,
// without compressing anything per request. The service worker's precache list only names the
// originals (its glob has no .br/.gz).
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { Plugin } from 'vite'

const TEXT_FILE = /\.(js|mjs|css|html|svg|json|webmanifest)$/
/** Below this, a compressed copy saves less than a packet. */
const MIN_BYTES = 1024

const brotli = promisify(brotliCompress)
const gzipped = promisify(gzip)

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* filesUnder(path)
    else if (TEXT_FILE.test(entry.name)) yield path
  }
}

export function precompressedFiles(): Plugin {
  let outDir = 'dist'
  return {
    name: 'carnet:precompressed-files',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir.startsWith('/') ? config.build.outDir : join(config.root, config.build.outDir)
    },
    // After vite-plugin-pwa's own closeBundle: sw.js and workbox-*.js exist by then.
    closeBundle: {
      sequential: true,
      order: 'post',
      async handler() {
        const jobs: Promise<void>[] = []
        for await (const path of filesUnder(outDir)) {
          if ((await stat(path)).size < MIN_BYTES) continue
          jobs.push(
            readFile(path).then(async (bytes) => {
              const [br, gz] = await Promise.all([
                brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
                gzipped(bytes, { level: 9 }),
              ])
              await Promise.all([writeFile(`${path}.br`, br), writeFile(`${path}.gz`, gz)])
            }),
          )
        }
        await Promise.all(jobs)
      },
    },
  }
}
