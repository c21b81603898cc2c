// Bundles the server with esbuild into dist/carnet.js (no TypeScript at run time). What only some
// deployments use (PostgreSQL, Redis, the migration) is split into chunks loaded on demand, so the
// embedded default parses and compiles as little as possible at start. Native and optional
// modules stay external.
import { build, context } from 'esbuild'

const options = {
  // The workers are entries of their own: threads that read imported files and check received
  // photos off the event loop.
  entryPoints: { carnet: 'src/main.ts', 'import-worker': 'src/import/import-worker.ts', 'photo-check-worker': 'src/http/photo-check-worker.ts' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  // Smaller to parse; names kept, so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: 'linked',
  external: ['better-sqlite3', 'sharp', 'bufferutil', 'utf-8-validate', 'pino-pretty'],
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
