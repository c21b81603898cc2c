import { describe, expect, it } from 'vitest'
import { accessState, claimOnJoin, claimOnWrite, hashEditKey, keyMatches } from './page-rights.js'

const key = 'abcdefghijklmnopqrstuv'
const other = 'ABCDEFGHIJKLMNOPQRSTUV'

describe('page rights', () => {
  it('lets the first key claim an unclaimed page, and keeps only its hash', () => {
    const claimed = claimOnJoin(null, key)
    expect(claimed).toEqual({ keyHash: hashEditKey(key), openToAll: false, closed: false })
    expect(JSON.stringify(claimed)).not.toContain(key)
    expect(claimOnJoin(claimed, other)).toBe(claimed)
  })

  it('gives writing to the key holder only', () => {
    const access = claimOnJoin(null, key)
    expect(accessState(access, key)).toEqual({ canWrite: true, openToAll: false, closed: false, hasKey: true })
    expect(accessState(access, other).canWrite).toBe(false)
    expect(accessState(access, undefined).canWrite).toBe(false)
    expect(keyMatches(access, other)).toBe(false)
  })

  it('opens to all a page first written without a key', () => {
    const access = claimOnWrite(null)
    expect(accessState(access, undefined)).toMatchObject({ canWrite: true, openToAll: true, hasKey: false })
    expect(claimOnJoin(access, key)).toBe(access)
  })

  it('freezes a closed page for everyone, key holders included', () => {
    const access = { ...claimOnJoin(null, key)!, closed: true }
    expect(accessState(access, key)).toMatchObject({ canWrite: false, closed: true, hasKey: true })
    expect(accessState({ ...access, openToAll: true }, undefined).canWrite).toBe(false)
  })

  it('lets anyone write an unclaimed page', () => {
    expect(accessState(null, undefined).canWrite).toBe(true)
  })
})
