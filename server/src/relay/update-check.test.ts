import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { checkUpdate, InvalidUpdateError } from './update-check.js'

/** A varint of any size, as a hostile client would write it. */
function bigVarint(value: bigint): number[] {
  const out: number[] = []
  do {
    let byte = Number(value & 0x7fn)
    value >>= 7n
    if (value > 0n) byte |= 0x80
    out.push(byte)
  } while (value > 0n)
  return out
}

describe('checkUpdate', () => {
  it('accepts real updates', () => {
    const doc = new Y.Doc()
    doc.getText('t').insert(0, 'bonjour')
    doc.getText('t').delete(0, 2)
    expect(() => checkUpdate(Y.encodeStateAsUpdate(doc))).not.toThrow()
    expect(() => checkUpdate(new Uint8Array([0, 0]))).not.toThrow()
  })

  it('refuses garbage and truncation', () => {
    expect(() => checkUpdate(new Uint8Array([1, 2, 3]))).toThrow(InvalidUpdateError)
    const doc = new Y.Doc()
    doc.getText('t').insert(0, 'bonjour')
    const update = Y.encodeStateAsUpdate(doc)
    expect(() => checkUpdate(update.slice(0, update.length - 3))).toThrow(InvalidUpdateError)
  })

  it('refuses struct lengths that add up past what can be written back', () => {
    const length = bigVarint(2n ** 55n + 2n ** 53n)
    const update = Uint8Array.from([1, 2, 1, 0, 0, ...length, 0, ...length, 0])
    expect(() => checkUpdate(update)).toThrow(/out of range/)
  })

  it('refuses deleted ranges past the limit', () => {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0) // no structs
    encoding.writeVarUint(encoder, 1) // one client in the delete set
    encoding.writeVarUint(encoder, 7)
    encoding.writeVarUint(encoder, 1)
    encoding.writeVarUint(encoder, 2 ** 50)
    encoding.writeVarUint(encoder, 10)
    expect(() => checkUpdate(encoding.toUint8Array(encoder))).toThrow(/deleted range/)
  })
})
