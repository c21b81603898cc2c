import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { sha256, sha256Hex, toHex } from './sha256.js'

const text = (value: string) => new TextEncoder().encode(value)

describe('sha256 in JavaScript', () => {
  it('gives the published test vectors (FIPS 180-4 examples, NIST CAVP)', () => {
    expect(toHex(sha256(text('')))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(toHex(sha256(text('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(toHex(sha256(text('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    )
    expect(toHex(sha256(text('abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu')))).toBe(
      'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
    )
    expect(toHex(sha256(new Uint8Array(1_000_000).fill(0x61)))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0')
  })

  it('agrees with Node’s at every length around the block and padding edges, on seeded bytes', () => {
    // A small LCG: the same bytes on every run.
    let seed = 0x5eed15
    const nextByte = () => {
      seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0
      return seed >>> 24
    }
    for (let length = 0; length <= 200; length++) {
      const bytes = Uint8Array.from({ length }, nextByte)
      expect(toHex(sha256(bytes)), `length ${length}`).toBe(createHash('sha256').update(bytes).digest('hex'))
    }
  })

  it('gives the same name with Web Crypto and without it', async () => {
    const bytes = text('Photo du tableau, atelier du 12 mars')
    const expected = createHash('sha256').update(bytes).digest('hex')
    expect(await sha256Hex(bytes)).toBe(expected)
    const subtle = Object.getOwnPropertyDescriptor(globalThis.crypto, 'subtle')
    // As on plain http in a browser: no `crypto.subtle` at all.
    Object.defineProperty(globalThis.crypto, 'subtle', { value: undefined, configurable: true })
    try {
      expect(globalThis.crypto.subtle).toBeUndefined()
      expect(await sha256Hex(bytes)).toBe(expected)
    } finally {
      if (subtle) Object.defineProperty(globalThis.crypto, 'subtle', subtle)
      else delete (globalThis.crypto as { subtle?: unknown }).subtle
    }
  })
})
