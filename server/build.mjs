// Bundles the server into one ESM file (dist/carnet.js) with esbuild: one file starts fast and
// needs no TypeScript at run time. Native and optional modules stay external.
import { build, context } from 'esbuild'

const options = {
  entryPoints: ['src/main.ts'],
  outfile: 'dist/carnet.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: 'linked',
  external: ['better-sqlite3', 'bufferutil', 'utf-8-validate', 'pino', 'thread-stream', 'pino-pretty'],
  banner: {
    // Bundled CommonJS dependencies (ws, sirv) still call require().
    js: "import { createRequire as __carnetRequire } from 'node:module'; const require = __carnetRequire(import.meta.url);",
  },
  logLevel: 'warning',
}

if (process.argv.includes('--watch')) {
  const ctx = await context(options)
  await ctx.watch()
} else {
  await build(options)
}
