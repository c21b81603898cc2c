/// <reference types="node" />
// The package is bundled into the browser app and the Node server: its library code (everything
// but tests and test fixtures) may use neither Node APIs nor the DOM. Node types are visible to
// the type checker because tests use them, so this test keeps the library honest.
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const SOURCE_DIR = new URL('./', import.meta.url)
const libraryFiles = readdirSync(SOURCE_DIR).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))

const FORBIDDEN = [
  /from ['"]node:/,
  /from ['"](?:fs|path|url|os|crypto|buffer|stream|util|child_process)['"]/,
  /\brequire\(/,
  /\bprocess\./,
  /\bBuffer\b/,
  /\b__dirname\b/,
  /\bwindow\./,
  /\bdocument\./,
  /\bnavigator\./,
  /\bDOMParser\b/,
  /\binnerHTML\b/,
  /\bstructuredClone\b/,
]

describe('library code', () => {
  it('is found', () => {
    expect(libraryFiles).toContain('index.ts')
    expect(libraryFiles.length).toBeGreaterThan(10)
  })

  it.each(libraryFiles)('%s uses no Node API and no DOM', (name) => {
    const source = readFileSync(new URL(name, SOURCE_DIR), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
    for (const pattern of FORBIDDEN) expect(source, `${name} matches ${pattern}`).not.toMatch(pattern)
  })

  it('names no helper grab-bag modules', () => {
    expect(libraryFiles.filter((name) => /^(?:utils?|helpers?)\.ts$/.test(name))).toEqual([])
  })
})
