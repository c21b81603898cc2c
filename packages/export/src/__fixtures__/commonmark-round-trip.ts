/// <reference types="node" />
// The CommonMark round trip: each of the spec's 652 examples (spec 0.31.2, CC BY-SA 4.0, in
// commonmark/) read into a page and written back as Markdown; an example "renders the same" when
// markdown-it gives the same HTML for what came in and what went out, and "loses text" when some
// character of its rendered text is missing from the other's. Markdown-only features the page has
// no place for (images, raw HTML blocks, link titles, setext vs ATX…) cannot all render the same:
// the share is a floor the test keeps, raised as the import and export improve.
import { readFileSync } from 'node:fs'
import MarkdownIt from 'markdown-it'
import type { PmNode } from '@carnet/core'

export interface SpecExample {
  example: number
  section: string
  markdown: string
  html: string
}

export const SPEC_EXAMPLES: SpecExample[] = JSON.parse(readFileSync(new URL('./commonmark/spec-0.31.2.json', import.meta.url), 'utf8'))

const renderer = new MarkdownIt({ html: true, linkify: false, typographer: false })

function normalisedHtml(markdown: string): string {
  return renderer
    .render(markdown)
    .replace(/>\s+</g, '><')
    .replace(/\s+/g, ' ')
    .trim()
}

function renderedText(markdown: string): string {
  return renderer
    .render(markdown)
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, '')
}

function lostCharacters(before: string, after: string): number {
  const counts = new Map<string, number>()
  for (const char of after) counts.set(char, (counts.get(char) ?? 0) + 1)
  let lost = 0
  for (const char of before) {
    const left = counts.get(char) ?? 0
    if (left > 0) counts.set(char, left - 1)
    else lost++
  }
  return lost
}

export interface RoundTripReport {
  total: number
  same: number
  losingText: number[]
  different: number[]
}

/** `markdownToJson` and `bodyToMarkdown`, passed in so that another version of them can be measured. */
export function measureRoundTrip(
  read: (markdown: string) => { title: string | null; body: PmNode },
  write: (body: PmNode) => string,
  titleLine: (title: string) => string,
): RoundTripReport {
  const report: RoundTripReport = { total: SPEC_EXAMPLES.length, same: 0, losingText: [], different: [] }
  for (const { example, markdown } of SPEC_EXAMPLES) {
    const page = read(markdown)
    const body = write(page.body)
    // A leading `# heading` became the title (and left the body unless it carried formatting).
    const first = page.body.content?.[0]
    const keptInBody = first?.type === 'heading' && first.attrs?.['level'] === 1
    const out = page.title !== null && !keptInBody ? `${titleLine(page.title)}\n\n${body}` : body
    if (normalisedHtml(out) === normalisedHtml(markdown)) report.same++
    else report.different.push(example)
    if (lostCharacters(renderedText(markdown), renderedText(out)) > 0) report.losingText.push(example)
  }
  return report
}
