// The command line of `pnpm bench`.
import { describe, expect, it } from 'vitest'
import { parseArgs } from './cli.mjs'

const benches = ['fanout', 'durable', 'pwa']

describe('parseArgs', () => {
  it('reads the flags', () => {
    expect(parseArgs(['--quick', '--only=fanout, durable', '--contenders=carnet', '--keep', '--profile'], benches)).toEqual({
      quick: true,
      only: ['fanout', 'durable'],
      contenders: ['carnet'],
      keep: true,
      profile: true,
      help: false,
    })
    expect(parseArgs(['--', '--quick'], benches).quick).toBe(true)
  })

  it('refuses what it does not know', () => {
    expect(() => parseArgs(['--fast'], benches)).toThrow(/unknown argument/)
    expect(() => parseArgs(['--only=fanout,bogus'], benches)).toThrow(/unknown bench bogus/)
  })
})
