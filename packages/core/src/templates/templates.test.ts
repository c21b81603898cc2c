/// <reference types="node" />
import { describe, expect, it } from 'vitest'
import { readdirSync } from 'node:fs'
import { BLOCK_NODES, INLINE_NODES, MARKS, type PmNode } from '../page-schema.js'
import { findLicence } from '../licences.js'
import { TEMPLATES, findTemplate } from './index.js'

const NODES = new Set<string>(['doc', ...BLOCK_NODES, ...INLINE_NODES])
const MARK_SET = new Set<string>(MARKS)

function checkNode(node: PmNode, path: string): void {
  expect(NODES.has(node.type), `${path}: node ${node.type}`).toBe(true)
  for (const mark of node.marks ?? []) expect(MARK_SET.has(mark.type), `${path}: mark ${mark.type}`).toBe(true)
  node.content?.forEach((child, i) => checkNode(child, `${path}/${i}`))
}

describe('templates', () => {
  it('lists every JSON file of the folder', () => {
    const files = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.json'))
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual(TEMPLATES.map((t) => t.id).sort())
  })

  it('offers the meeting, workshop, social innovation sheet and blank page', () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual(['reunion', 'atelier', 'fiche-innovation-sociale', 'page-blanche'])
  })

  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s uses only what the editor allows, in both languages', (_id, template) => {
    for (const lang of ['fr', 'en'] as const) {
      expect(template.name[lang]).toBeTruthy()
      expect(template.description[lang]).toBeTruthy()
      expect(template.body[lang].type).toBe('doc')
      checkNode(template.body[lang], `${template.id}.${lang}`)
    }
    if (template.meta?.licence) expect(findLicence(template.meta.licence).id).toBe(template.meta.licence)
  })

  it('has the sections the city asks for', () => {
    const text = (node: PmNode): string => (node.text ?? '') + (node.content ?? []).map(text).join(' ')
    const reunion = text(findTemplate('reunion')!.body.fr)
    for (const section of ['Participants', 'Ordre du jour', 'Notes', 'Décisions', 'Actions']) expect(reunion).toContain(section)
    const fiche = text(findTemplate('fiche-innovation-sociale')!.body.fr)
    for (const section of ['Genèse', 'Acteurs', 'Ce qui a marché', 'Ce qui n’a pas marché', 'Comment refaire', 'Licence']) {
      expect(fiche).toContain(section)
    }
    expect(JSON.stringify(findTemplate('reunion')!.body.fr)).toContain('taskItem')
  })
})
