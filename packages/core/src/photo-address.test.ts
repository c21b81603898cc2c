import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { pageBody } from './page-doc.js'
import { fragmentText } from './page-tree/fragment-text.js'
import { fragmentToJson } from './page-tree/from-ydoc.js'
import { jsonToFragment } from './page-tree/to-ydoc.js'
import { photoPath, photosInBody, readPhotoAddress } from './photo-address.js'

const SHA = 'a'.repeat(64)
const OTHER = 'b'.repeat(64)

describe('a photo’s address', () => {
  it('is the page’s files path named by the SHA-256, read back', () => {
    expect(photoPath('atelier-12', SHA)).toBe(`/api/pages/atelier-12/files/${SHA}`)
    expect(readPhotoAddress(photoPath('atelier-12', SHA))).toEqual({ pageId: 'atelier-12', sha256: SHA })
  })

  it('refuses any other source: another site, another route, upper case, tricks', () => {
    for (const src of [
      `https://ailleurs.example/api/pages/atelier-12/files/${SHA}`,
      `//ailleurs.example/api/pages/atelier-12/files/${SHA}`,
      `/api/pages/atelier-12/files/${SHA.toUpperCase()}`,
      `/api/pages/Atelier/files/${SHA}`,
      `/api/pages/atelier-12/files/${SHA}?x=1`,
      `/api/pages/atelier-12/files/${SHA}/../../export`,
      `javascript:alert(1)`,
      `data:image/png;base64,AAAA`,
      42,
      null,
    ]) {
      expect(readPhotoAddress(src), String(src)).toBeNull()
    }
  })

  it('lists a body’s photos once each, in reading order, however deep', () => {
    const image = (sha: string) => ({ type: 'image', attrs: { src: photoPath('p-1', sha), alt: 'x' } })
    const body = {
      type: 'doc',
      content: [
        image(OTHER),
        { type: 'bulletList', content: [{ type: 'listItem', content: [image(SHA), { type: 'paragraph' }] }] },
        image(OTHER),
        { type: 'image', attrs: { src: 'https://ailleurs.example/pixel.gif' } },
      ],
    }
    expect(photosInBody(body).map((address) => address.sha256)).toEqual([OTHER, SHA])
  })
})

describe('the image node in the Y.Doc', () => {
  it('is written and read back with its attributes, and its description counts as the page’s words', () => {
    const doc = new Y.Doc()
    const body = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Le paperboard :' }] },
        { type: 'image', attrs: { src: photoPath('p-1', SHA), alt: 'Les post-its du groupe vert', width: 2048, height: 1536 } },
        { type: 'paragraph', content: [{ type: 'text', text: 'Fin.' }] },
      ],
    }
    jsonToFragment(body, pageBody(doc))
    expect(fragmentToJson(pageBody(doc))).toEqual(body)
    const element = pageBody(doc).get(1) as Y.XmlElement
    expect(element.nodeName).toBe('image')
    expect(element.getAttribute('src')).toBe(photoPath('p-1', SHA))
    expect(fragmentText(pageBody(doc))).toBe('Le paperboard :\nLes post-its du groupe vert\nFin.')
  })
})
