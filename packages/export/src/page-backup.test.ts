import { pageBody, photoPath, readPageMeta, sha256, toHex, writePageMeta } from '@carnet/core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { doc, fullBody, meta, paragraph, text } from './__fixtures__/pages.js'
import { fragmentToJson } from '@carnet/core/from-ydoc'
import { jsonToFragment } from '@carnet/core/to-ydoc'
import { decodePageBackup, encodePageBackup, PageBackupError, rehomePhotos, type BackupPhoto } from './page-backup.js'

// Tiny stand-ins for photos: the backup checks names against bytes, never what the bytes are.
function photoOf(bytes: number[], type = 'image/jpeg'): BackupPhoto {
  const data = Uint8Array.from(bytes)
  return { sha256: toHex(sha256(data)), type, data }
}
const paperboard = photoOf([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9])
const postIts = photoOf([0x89, 0x50, 0x4e, 0x47, 4, 5, 6], 'image/png')

function pageWithPhotos(pageId: string): Y.Doc {
  const page = new Y.Doc()
  const image = (photo: BackupPhoto) => ({ type: 'image', attrs: { src: photoPath(pageId, photo.sha256), alt: 'Le paperboard', width: 640, height: 480 } })
  jsonToFragment(doc(paragraph(text('Avant')), image(paperboard), { type: 'blockquote', content: [image(postIts)] }), pageBody(page))
  writePageMeta(page, meta())
  return page
}

describe('page backup', () => {
  it('gives back the same body, meta and photos (version 2)', () => {
    const original = new Y.Doc()
    jsonToFragment(fullBody, pageBody(original))
    writePageMeta(original, meta())
    const bytes = encodePageBackup(original, [paperboard, postIts, paperboard])
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, ...new TextEncoder().encode('CARNET'), 0x0a])

    const restored = decodePageBackup(bytes)
    expect(fragmentToJson(pageBody(restored.doc))).toEqual(fragmentToJson(pageBody(original)))
    expect(readPageMeta(restored.doc)).toEqual(readPageMeta(original))
    // Each photo once, byte for byte.
    expect(restored.photos).toEqual([paperboard, postIts])
  })

  it('still reads version 1, a plain Yjs update (any Yjs program’s copy of a page)', () => {
    const original = pageWithPhotos('atelier-1')
    const restored = decodePageBackup(Y.encodeStateAsUpdate(original))
    expect(fragmentToJson(pageBody(restored.doc))).toEqual(fragmentToJson(pageBody(original)))
    expect(restored.photos).toEqual([])
  })

  it('refuses bytes that are not a page, a file cut short, and a photo that does not match its name', () => {
    const original = new Y.Doc()
    writePageMeta(original, meta())
    const bytes = encodePageBackup(original, [paperboard])
    expect(() => decodePageBackup(new TextEncoder().encode('# Markdown, pas une sauvegarde'))).toThrow(PageBackupError)
    expect(() => decodePageBackup(bytes.subarray(0, bytes.length - 3))).toThrow(/cut short/)
    expect(() => decodePageBackup(encodePageBackup(new Y.Doc()))).toThrow(/holds no page/)
    expect(() => decodePageBackup(Uint8Array.from([...bytes, 0]))).toThrow(/bytes follow/)
    const damaged = encodePageBackup(original, [{ ...paperboard, data: Uint8Array.from([...paperboard.data].reverse()) }])
    expect(() => decodePageBackup(damaged)).toThrow(/do not match its name/)
    expect(() => decodePageBackup(encodePageBackup(original, [{ ...paperboard, type: 'image/svg+xml' }]))).toThrow(/unknown name or type/)
    const future = Uint8Array.from(bytes)
    future[8] = 3
    expect(() => decodePageBackup(future)).toThrow(/version 3/)
  })

  it('points a restored page’s photos at its new id, and leaves anything else alone', () => {
    const page = pageWithPhotos('atelier-1')
    rehomePhotos(page, 'copie-2')
    const srcs = JSON.stringify(fragmentToJson(pageBody(page)))
    expect(srcs).toContain(photoPath('copie-2', paperboard.sha256))
    expect(srcs).toContain(photoPath('copie-2', postIts.sha256))
    expect(srcs).not.toContain('atelier-1')
  })
})
