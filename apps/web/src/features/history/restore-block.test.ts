import { describe, expect, it } from 'vitest'
import { restoreBlock, type RestoreFacts } from './restore-block.js'

const writer = { canWrite: true, openToAll: false, closed: false, hasKey: true }
const ready: RestoreFacts = { access: writer, notice: null, unreachable: false, synced: true }

describe('restoreBlock', () => {
  it('lets a writer restore once the page is in step with the relay', () => {
    expect(restoreBlock(ready)).toBeNull()
    expect(restoreBlock({ ...ready, access: { ...writer, hasKey: false, openToAll: true } })).toBeNull()
  })

  it('says why a reader cannot', () => {
    const reader = { canWrite: false, openToAll: false, closed: false, hasKey: false }
    expect(restoreBlock({ ...ready, access: reader })).toBe('read-only')
    expect(restoreBlock({ ...ready, access: reader, notice: { code: 'wrong-key', message: '' } })).toBe('wrong-key')
    expect(restoreBlock({ ...ready, access: { ...writer, canWrite: false, closed: true } })).toBe('closed')
  })

  it('waits for the network and the rights before anything else', () => {
    expect(restoreBlock({ ...ready, unreachable: true })).toBe('offline')
    expect(restoreBlock({ ...ready, access: null, synced: false })).toBe('checking')
    expect(restoreBlock({ ...ready, synced: false })).toBe('connecting')
    // Rights already known are said even offline: they will not change with the network.
    expect(restoreBlock({ ...ready, unreachable: true, access: { ...writer, canWrite: false, closed: true } })).toBe('closed')
  })
})
