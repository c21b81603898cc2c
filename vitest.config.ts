// Vitest projects: `unit` (next to the code, fast, in-process) and `integration` (real relay
// processes on loopback, real SQLite files, stock y-websocket clients).
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'server/src/**/*.test.ts', 'apps/web/src/**/*.test.ts', 'tests/bench/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          // The relays' output, kept quiet, is printed for the tests that fail.
          setupFiles: ['tests/support/relay-output-on-failure.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each file starts its own relay processes; two at a time suits a 2-core machine.
          maxWorkers: 2,
        },
      },
    ],
  },
})
