import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SqliteStore } from './sqlite-store.js'
import { FILE_GRACE_MS, sweepUnusedFiles } from './file-sweep.js'

const photo = (n: number) => ({ sha256: String(n).repeat(64).slice(0, 64), type: 'image/png', data: new Uint8Array([137, 80, 78, 71, n]) })

/** An update writing an image node naming the photo into the page's body. */
function imageUpdate(sha256: string): Uint8Array {
  const doc = new Y.Doc()
  const image = new Y.XmlElement('image')
  image.setAttribute('src', `/api/pages/atelier/files/${sha256}`)
  doc.getXmlFragment('body').insert(0, [image])
  return Y.encodeStateAsUpdate(doc)
}

describe('sweepUnusedFiles', () => {
  it('keeps photos the page or a version names, and new ones; deletes the others', async () => {
    const store = new SqliteStore(':memory:')
    const [inText, inVersion, unused, recent] = [photo(1), photo(2), photo(3), photo(4)]
    await store.appendUpdates('atelier', [imageUpdate(inText.sha256)], 1000)
    await store.saveVersion('atelier', { state: imageUpdate(inVersion.sha256), createdAt: 1000, writers: [] })
    for (const file of [inText, inVersion, unused]) await store.addPageFile('atelier', file, 1000)
    const now = 1000 + FILE_GRACE_MS + 1
    await store.addPageFile('atelier', recent, now - 1000)
    expect(await sweepUnusedFiles(store, now)).toBe(1)
    expect((await store.listPageFiles('atelier')).map((f) => f.sha256).sort()).toEqual([inText.sha256, inVersion.sha256, recent.sha256].sort())
    expect(await store.getPageFile('atelier', unused.sha256)).toBeNull()
    await store.close()
  })
})
