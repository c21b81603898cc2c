// The trace replays (string and Yjs) agree, and typing scripts are one keystroke per update.
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { bodyText, docFromState, typingScript } from './page-doc.mjs'
import { REPOSITORY_TRACE_FILE, loadTrace, replayIntoPage, replayString, type Trace } from './trace.mjs'

const trace: Trace = {
  startContent: 'ab',
  endContent: 'xaZ',
  txns: [{ patches: [[0, 0, 'x']] }, { patches: [[2, 1, 'Z']] }, { patches: [[3, 0, 'Q']] }, { patches: [[3, 1, '']] }],
}

describe('trace replay', () => {
  it('replays on a string', () => {
    expect(replayString(trace)).toBe(trace.endContent)
    expect(replayString(trace, 1)).toBe('xab')
  })

  it('replays into a page, one update per transaction, to the same text', () => {
    const { doc, updates } = replayIntoPage(trace, { clientID: 1 })
    expect(bodyText(doc)).toBe(trace.endContent)
    // The start content, then one update per transaction.
    expect(updates.length).toBe(1 + trace.txns.length)
    const copy = new Y.Doc()
    const other = replayIntoPage(trace, { clientID: 1 })
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(other.doc))
    expect(bodyText(copy)).toBe(trace.endContent)
  })
})

describe('typing script', () => {
  it('types one character per update, at increasing clocks', () => {
    const script = typingScript({ clientID: 9, count: 6, alphabet: 'abc' })
    expect(script.updates.length).toBe(6)
    expect([...script.clocks]).toEqual([2, 3, 4, 5, 6, 7])
    const doc = docFromState(script.setup)
    for (const update of script.updates) Y.applyUpdate(doc, update)
    expect(bodyText(doc)).toBe('abcabc')
    expect(script.text).toBe('abcabc')
  })
})

describe('the benches\' editing trace', () => {
  it('is in the repository, whole (a fresh clone runs the benches)', () => {
    const paper = loadTrace(REPOSITORY_TRACE_FILE)
    expect(paper.txns.length).toBe(259_778)
    expect(paper.endContent.length).toBe(104_852)
  })
})
