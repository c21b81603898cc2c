// Documents shaped like a Carnet page (docs/protocol.md, "A page": `XmlFragment('body')`, as Tiptap writes it:
// a paragraph element holding an XmlText), and the updates a writer would send while typing.
import * as Y from 'yjs'

export const BODY = 'body'

/**
 * A page with one empty paragraph; `setup` is the update that created it.
 * @param {number} clientID fixed, so the updates a load process sends are known in advance
 */
export function newPage(clientID) {
  const doc = new Y.Doc()
  doc.clientID = clientID
  /** @type {Uint8Array[]} */
  const captured = []
  const capture = (/** @type {Uint8Array} */ update) => captured.push(update)
  doc.on('update', capture)
  const text = new Y.XmlText()
  doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph')
    doc.getXmlFragment(BODY).insert(0, [paragraph])
    paragraph.insert(0, [text])
  })
  doc.off('update', capture)
  return { doc, text, setup: captured[0] }
}

/**
 * The updates of someone typing `count` characters at the end of a paragraph, one update per
 * keystroke as Tiptap sends them. `clocks[k]` is the Yjs clock of keystroke k (its id on arrival).
 * @param {{ clientID: number, count: number, alphabet?: string }} options
 */
export function typingScript({ clientID, count, alphabet = 'Ordre du jour : budget, calendrier, questions diverses. ' }) {
  const { doc, text, setup } = newPage(clientID)
  /** @type {Uint8Array[]} */
  const updates = []
  const onUpdate = (/** @type {Uint8Array} */ update) => updates.push(update)
  doc.on('update', onUpdate)
  const clocks = new Int32Array(count)
  for (let k = 0; k < count; k++) {
    clocks[k] = Y.getState(doc.store, clientID)
    text.insert(text.length, alphabet[k % alphabet.length])
  }
  doc.off('update', onUpdate)
  const finalText = text.toString()
  doc.destroy()
  return { clientID, setup, updates, clocks, text: finalText, firstClock: count > 0 ? clocks[0] : 0 }
}

/**
 * The plain text of a page's body (paragraph texts joined by newlines).
 * @param {Y.Doc} doc
 */
export function bodyText(doc) {
  return doc
    .getXmlFragment(BODY)
    .toArray()
    .map((node) =>
      node instanceof Y.XmlElement
        ? node
            .toArray()
            .map((child) => (child instanceof Y.XmlText ? child.toDelta().map((/** @type {{insert: unknown}} */ d) => (typeof d.insert === 'string' ? d.insert : '')).join('') : ''))
            .join('')
        : '',
    )
    .join('\n')
}

/**
 * Applies a state (a step2 payload) to a fresh document: verification only, never while stamping.
 * @param {Uint8Array} state
 */
export function docFromState(state) {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  return doc
}
