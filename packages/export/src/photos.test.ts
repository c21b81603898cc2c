/// <reference types="node" />
// Photos in every export: inside the standalone HTML (data URIs), linked by absolute address from
// Markdown and wikitext, described in plain text, pictures in the .docx; never another site's image.
import { describe, expect, it } from 'vitest'
import { expectGolden } from './__fixtures__/golden.js'
import { NOT_GIVEN, PAPERBOARD, photoInput } from './__fixtures__/photo-page.js'
import { base64 } from './page-photos.js'
import { bodyToHtml, toHtml } from './to-html.js'
import { toJson } from './to-json.js'
import { toMarkdown } from './to-markdown.js'
import { toText } from './to-text.js'
import { toWikitext } from './to-wikitext.js'
import { toDocx } from './to-docx.js'

const base = 'https://carnet.example.org/api/pages/atelier-photos/files/'

describe('photos in exports', () => {
  it('match their golden files', () => {
    expectGolden('photos.html', toHtml(photoInput))
    expectGolden('photos.md', toMarkdown(photoInput))
    expectGolden('photos.wiki', toWikitext(photoInput))
    expectGolden('photos.txt', toText(photoInput))
    expectGolden('photos.json', toJson(photoInput))
  })

  it('carries the photos inside the HTML, and says which one it was not given', () => {
    const html = toHtml(photoInput)
    expect(html).toContain(`<img src="data:image/jpeg;base64,${base64(PAPERBOARD.data)}" alt="Les idées du groupe vert, au feutre [rouge] &lt;b&gt;*gras*&lt;/b&gt;" width="32" height="24">`)
    expect(html).toContain('data:image/png;base64,')
    expect(html).toContain(`Photo : La salle pleine — <a class="url" href="${base}${NOT_GIVEN}">`)
    // Nothing leaves the file: its policy lets images come from data: only, and no other site is named.
    expect(html).toContain("img-src data:")
    expect(html).not.toContain('pisteur.example')
    expect(html).not.toMatch(/<img src="(?!data:)/)
  })

  it('links photos by their absolute address in Markdown and wikitext, under the public address when given', () => {
    expect(toMarkdown(photoInput)).toContain(`![Les idées du groupe vert, au feutre \\[rouge\\] \\<b>\\*gras\\*\\</b>](${base}${PAPERBOARD.sha256})`)
    expect(toWikitext(photoInput)).toContain(`[${base}${PAPERBOARD.sha256} Photo : Les idées du groupe vert`)
    const elsewhere = { ...photoInput, publicUrl: 'https://notes.brest.example/' }
    expect(toMarkdown(elsewhere)).toContain(`(https://notes.brest.example/api/pages/atelier-photos/files/${PAPERBOARD.sha256})`)
    for (const text of [toMarkdown(photoInput), toWikitext(photoInput), toText(photoInput)]) expect(text).not.toContain('pisteur.example')
  })

  it('shows the description in plain text', () => {
    const text = toText(photoInput)
    expect(text).toContain('[Photo : Les idées du groupe vert, au feutre [rouge] <b>*gras*</b>]')
    expect(text).toContain('[Photo]')
  })

  it('gives the app the photos’ addresses to load, never a source of its own', () => {
    const html = bodyToHtml(photoInput.body)
    expect(html).toContain(`<img data-photo-src="/api/pages/atelier-photos/files/${PAPERBOARD.sha256}"`)
    expect(html).not.toContain(' src=')
    expect(html).not.toContain('pisteur.example')
  })

  it('writes base64 as Node does, at every length around a group of three', () => {
    for (let length = 0; length < 40; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff)
      expect(base64(bytes), `length ${length}`).toBe(Buffer.from(bytes).toString('base64'))
    }
    const large = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 7919) & 0xff)
    expect(base64(large)).toBe(Buffer.from(large).toString('base64'))
  })

  it('puts the photos in the .docx as pictures', async () => {
    const bytes = await toDocx(photoInput)
    // A .docx is a zip: its file names are plain in its directory.
    const names = new TextDecoder('latin1').decode(bytes)
    expect(names).toMatch(/word\/media\/[^"]+\.jpe?g/)
    expect(names).toMatch(/word\/media\/[^"]+\.png/)
  })
})
