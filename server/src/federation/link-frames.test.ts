import { describe, expect, it } from 'vitest'
import { decodeLinkFrame, encodeLinkFrame, LinkFrameError, type LinkFrame } from './link-frames.js'

const frames: LinkFrame[] = [
  { kind: 'subscribe', pageId: 'reunion-du-mardi' },
  { kind: 'unsubscribe', pageId: 'reunion-du-mardi' },
  { kind: 'page', pageId: 'atelier-1', frame: new Uint8Array([0, 0, 1, 0]) },
  { kind: 'access', pageId: 'atelier-1', access: { keyHash: 'a'.repeat(64), openToAll: false, closed: true } },
  { kind: 'access', pageId: 'atelier-1', access: null },
  { kind: 'access-change', pageId: 'atelier-1', change: { closed: true } },
  { kind: 'versions', pageId: 'atelier-1', versions: [{ createdAt: 1_733_300_000_000, writers: ['Anne', 'Bruno'], state: new Uint8Array([1, 2, 3]) }] },
  { kind: 'versions-stored', pageId: 'atelier-1', count: 3 },
  { kind: 'files-have', pageId: 'atelier-1', names: ['a'.repeat(64), 'b'.repeat(64)] },
  { kind: 'files-want', pageId: 'atelier-1', names: [] },
  { kind: 'file', pageId: 'atelier-1', file: { sha256: 'c'.repeat(64), type: 'image/png', data: new Uint8Array([137, 80, 78, 71]) } },
  { kind: 'file-stored', pageId: 'atelier-1', name: 'c'.repeat(64) },
]

describe('link frames', () => {
  it.each(frames.map((frame) => [frame.kind, frame] as const))('round-trips %s', (_kind, frame) => {
    expect(decodeLinkFrame(encodeLinkFrame(frame))).toEqual(frame)
  })

  it('refuses what is not a link frame', () => {
    expect(() => decodeLinkFrame(new Uint8Array([9, 3, 97, 98, 99]))).toThrow(LinkFrameError)
    expect(() => decodeLinkFrame(new Uint8Array([0, 2, 65, 66]))).toThrow(/invalid page id/)
    expect(() => decodeLinkFrame(new Uint8Array([2]))).toThrow(LinkFrameError)
    const withTail = new Uint8Array([...encodeLinkFrame(frames[0]!), 0])
    expect(() => decodeLinkFrame(withTail)).toThrow(/trailing/)
  })

  it('never carries a key, only its hash, and refuses anything else in its place', () => {
    const keyInstead = encodeLinkFrame({ kind: 'access', pageId: 'atelier-1', access: { keyHash: 'Xy-secret-edit-key_1234', openToAll: false, closed: false } })
    expect(() => decodeLinkFrame(keyInstead)).toThrow(/invalid access record/)
  })
})
