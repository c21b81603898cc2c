import { describe, expect, it } from 'vitest'
import { PendingChanges, pendingInWords, syncStatus, type SyncFacts } from './sync-state.js'

const base: SyncFacts = { connection: 'connected', unreachable: false, synced: true, pending: 0, refusal: null }

describe('syncStatus', () => {
  it('is online only when connected, synced and nothing waits', () => {
    expect(syncStatus(base)).toBe('online')
    expect(syncStatus({ ...base, pending: 2 })).toBe('syncing')
    expect(syncStatus({ ...base, synced: false })).toBe('syncing')
  })

  it('shows connecting while the first attempt is under way', () => {
    expect(syncStatus({ ...base, connection: 'connecting', synced: false })).toBe('connecting')
  })

  it('is offline once the relay could not be reached, even while the provider tries again', () => {
    expect(syncStatus({ ...base, connection: 'connecting', unreachable: true, synced: false })).toBe('offline')
    expect(syncStatus({ ...base, connection: 'disconnected', unreachable: true, synced: false })).toBe('offline')
    expect(syncStatus({ ...base, connection: 'disconnected', synced: false })).toBe('offline')
  })

  it('shows a refusal until a connection succeeds again', () => {
    const refusal = { code: 4500, reason: 'page could not be loaded' }
    expect(syncStatus({ ...base, connection: 'disconnected', unreachable: true, refusal })).toBe('refused')
    expect(syncStatus({ ...base, connection: 'connected', refusal })).toBe('online')
  })
})

describe('pendingInWords', () => {
  it('speaks of a sentence for a few keystrokes, of changes beyond', () => {
    expect(pendingInWords(0)).toBe('none')
    expect(pendingInWords(29)).toBe('sentence')
    expect(pendingInWords(5_000)).toBe('more')
  })
})

describe('PendingChanges', () => {
  it('counts local changes until the relay confirms them', () => {
    const pending = new PendingChanges()
    pending.recordLocalChange()
    pending.recordLocalChange()
    expect(pending.count).toBe(2)
    const query = pending.lastSeq
    pending.recordLocalChange()
    pending.confirm(query, true)
    expect(pending.count).toBe(1)
    pending.confirm(pending.lastSeq, true)
    expect(pending.count).toBe(0)
  })

  it('ignores confirmations out of order or from the future', () => {
    const pending = new PendingChanges()
    pending.recordLocalChange()
    pending.recordLocalChange()
    pending.confirm(2, true)
    pending.confirm(1, true)
    expect(pending.count).toBe(0)
    pending.confirm(10, true)
    pending.recordLocalChange()
    expect(pending.count).toBe(1)
  })

  it('keeps changes carried from an earlier visit until a full sync confirms them', () => {
    const pending = new PendingChanges(5)
    expect(pending.count).toBe(5)
    pending.recordLocalChange()
    pending.confirm(1, false)
    expect(pending.count).toBe(5)
    pending.confirm(1, true)
    expect(pending.count).toBe(0)
  })
})
