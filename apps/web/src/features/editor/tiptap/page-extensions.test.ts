// The editor's schema is the page schema of @carnet/core: the same nodes and marks, with the same
// attributes and defaults, built from the very extension list the editor uses (no DOM needed).
import { describe, expect, it } from 'vitest'
import { getSchema, resolveExtensions } from '@tiptap/core'
import type { Schema } from '@tiptap/pm/model'
import * as Y from 'yjs'
import { BLOCK_NODES, HEADING_LEVELS, INLINE_NODES, MARK_ATTRS, MARKS, NODE_ATTRS } from '@carnet/core'
import { pageExtensions } from './page-extensions.js'

const options = { doc: new Y.Doc(), provider: null, user: { name: 'Anne', color: '#1f4e79' }, placeholder: '', checkboxLabel: (text: string) => text }
const extensions = pageExtensions(options)
const schema: Schema = getSchema(extensions)

function attrsOf(spec: { attrs?: Record<string, { default?: unknown }> | null }): Record<string, unknown> {
  return Object.fromEntries(Object.entries(spec.attrs ?? {}).map(([name, attr]) => [name, attr.default]))
}

/** A stand-in for an `<a href>` element: ProseMirror's parse rules only read its attributes. */
function anchor(href: string): HTMLElement {
  return { getAttribute: (name: string) => (name === 'href' ? href : null) } as unknown as HTMLElement
}

describe('the editor’s schema', () => {
  it('has exactly the nodes and marks of page-schema.ts', () => {
    expect(Object.keys(schema.nodes).sort()).toEqual(['doc', ...BLOCK_NODES, ...INLINE_NODES].sort())
    expect(Object.keys(schema.marks).sort()).toEqual([...MARKS].sort())
  })

  it('gives each node and mark the attributes and defaults of page-schema.ts', () => {
    const nodeAttrs: Record<string, Record<string, unknown>> = NODE_ATTRS
    const markAttrs: Record<string, Record<string, unknown>> = MARK_ATTRS
    for (const [name, type] of Object.entries(schema.nodes)) expect(attrsOf(type.spec), name).toEqual(nodeAttrs[name] ?? {})
    for (const [name, type] of Object.entries(schema.marks)) expect(attrsOf(type.spec), name).toEqual(markAttrs[name] ?? {})
  })

  it('offers headings 1 to 4 only', () => {
    const tags = (schema.nodes.heading!.spec.parseDOM ?? []).map((rule) => ('tag' in rule ? rule.tag : ''))
    expect(tags).toEqual(HEADING_LEVELS.map((level) => `h${level}`))
  })

  it('keeps http, https and mailto links, anchors and relative paths, from pasted HTML and when drawn', () => {
    const rule = schema.marks.link!.spec.parseDOM![0]!
    const accepts = (href: string) => ('getAttrs' in rule && rule.getAttrs ? rule.getAttrs(anchor(href) as never) : undefined) !== false
    expect(accepts('https://wiki-brest.net/Accueil')).toBe(true)
    expect(accepts('mailto:contact@example.org')).toBe(true)
    for (const href of ['#décisions', './2025-02-14.md', '../notes/atelier.md', 'compte-rendu.md']) expect(accepts(href), href).toBe(true)
    for (const href of ['javascript:alert(1)', 'data:text/html,<script>', 'file:///etc/passwd', '//pisteur.example/x']) expect(accepts(href), href).toBe(false)
    const drawn = (href: string) => schema.marks.link!.spec.toDOM!(schema.marks.link!.create({ href }), true) as [string, Record<string, unknown>]
    expect(drawn('javascript:alert(1)')[1].href).toBe('')
    expect(drawn('https://wiki-brest.net/')[1]).toMatchObject({ href: 'https://wiki-brest.net/' })
  })

  it('takes from pasted HTML only Carnet’s own photos, and makes none from typed Markdown', () => {
    const sha = 'ab'.repeat(32)
    const image = (attributes: Record<string, string>) =>
      ({ getAttribute: (name: string) => attributes[name] ?? null }) as unknown as HTMLElement
    const rule = schema.nodes.image!.spec.parseDOM![0]!
    const accepts = (attributes: Record<string, string>) => ('getAttrs' in rule && rule.getAttrs ? rule.getAttrs(image(attributes) as never) : undefined) !== false
    expect(accepts({ src: `/api/pages/atelier/files/${sha}`, alt: 'Le paperboard' })).toBe(true)
    expect(accepts({ 'data-photo-src': `/api/pages/atelier/files/${sha}` })).toBe(true)
    for (const src of ['https://pisteur.example/pixel.gif', 'data:image/png;base64,AAAA', `/api/pages/atelier/files/${sha}/../x`]) expect(accepts({ src }), src).toBe(false)
    const photo = resolveExtensions(extensions).find((extension) => extension.name === 'image')!
    expect((photo.config.addInputRules as unknown as () => unknown[]).call({})).toEqual([])
  })

  it('takes StarterKit without its own undo history (Yjs keeps it) and without underline', () => {
    const names = resolveExtensions(extensions).map((extension) => extension.name)
    expect(names).toContain('starterKit')
    expect(names).toContain('collaboration')
    expect(names).not.toContain('undoRedo')
    expect(names).not.toContain('underline')
  })
})
