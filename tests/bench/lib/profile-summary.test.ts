// Reading a V8 CPU profile: self time per function and per package.
import { describe, expect, it } from 'vitest'
import { summarizeProfile } from './profile-summary.mjs'

describe('summarizeProfile', () => {
  it('adds up self time from samples', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9 })
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', '') },
        { id: 2, callFrame: frame('applyUpdate', 'file:///x/node_modules/yjs/dist/yjs.mjs') },
        { id: 3, callFrame: frame('commit', 'file:///x/server/dist/carnet.js') },
        { id: 4, callFrame: frame('(idle)', '') },
      ],
      samples: [2, 2, 3, 4, 2],
      timeDeltas: [1000, 1000, 2000, 4000, 1000],
      startTime: 0,
      endTime: 10_000,
    }
    const summary = summarizeProfile(profile, 3)
    expect(summary.total_ms).toBe(9)
    expect(summary.functions[0]).toEqual({ name: '(idle)', ms: 4, pct: 44.4 })
    expect(summary.packages).toContainEqual({ name: 'yjs', ms: 3, pct: 33.3 })
    expect(summary.functions).toContainEqual({ name: 'commit dist/carnet.js:10', ms: 2, pct: 22.2 })
  })
})
