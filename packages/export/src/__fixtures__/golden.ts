/// <reference types="node" />
// Golden files: the exact output of each exporter for the fixture pages, kept under src/__golden__
// so a change of output shows up in review. `UPDATE_GOLDEN=1` rewrites them.
// (Node types are referenced here for the tests only; purity.test.ts keeps them out of the library.)
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { expect } from 'vitest'

const GOLDEN_DIR = new URL('../__golden__/', import.meta.url)

export function expectGolden(name: string, actual: string): void {
  const file = new URL(name, GOLDEN_DIR)
  if (process.env['UPDATE_GOLDEN'] === '1') {
    writeFileSync(file, actual)
    return
  }
  if (!existsSync(file)) throw new Error(`Golden file ${name} is missing: run the tests with UPDATE_GOLDEN=1 to write it.`)
  expect(actual).toBe(readFileSync(file, 'utf8'))
}
