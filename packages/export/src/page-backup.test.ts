import { pageBody, readPageMeta, writePageMeta } from '@carnet/core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { fullBody, meta } from './__fixtures__/pages.js'
import { fragmentToJson } from '@carnet/core/from-ydoc'
import { jsonToFragment } from '@carnet/core/to-ydoc'
import { decodePageBackup, encodePageBackup, PageBackupError } from './page-backup.js'

describe('page backup', () => {
  it('gives back the same body and meta, read as a plain Yjs update', () => {
    const original = new Y.Doc()
    jsonToFragment(fullBody, pageBody(original))
    writePageMeta(original, meta())
    const bytes = encodePageBackup(original)

    const restored = decodePageBackup(bytes)
    expect(fragmentToJson(pageBody(restored))).toEqual(fragmentToJson(pageBody(original)))
    expect(readPageMeta(restored)).toEqual(readPageMeta(original))

    const anyYjsProgram = new Y.Doc()
    Y.applyUpdate(anyYjsProgram, bytes)
    expect(anyYjsProgram.getMap('meta').get('title')).toBe(meta().title)
  })

  it('refuses bytes that are not a page', () => {
    const original = new Y.Doc()
    writePageMeta(original, meta())
    const bytes = encodePageBackup(original)
    expect(() => decodePageBackup(new TextEncoder().encode('# Markdown, pas une sauvegarde'))).toThrow(PageBackupError)
    expect(() => decodePageBackup(bytes.subarray(0, bytes.length - 3))).toThrow(PageBackupError)
    expect(() => decodePageBackup(encodePageBackup(new Y.Doc()))).toThrow(/holds no page/)
  })
})
