// Carnet's exports frame the body with the page's facts under the title (date, place, tags, licence)
// and a footer (source, "Exporté de Carnet"). An import of one of those files gives the body alone,
// and takes back what the facts say: the same page, not a page that quotes its own export. The
// Markdown import does this on the Markdown source (import-markdown.ts); the other formats share
// this, on the blocks they read.
import type { PmNode } from '@carnet/core'
import { EXPORTED_FROM, FACT_LABELS, LABEL_SEPARATOR } from './page-facts.js'

export interface FrameFacts {
  place: string | null
  tags: string[]
}

const FACT_LINE = new RegExp(`^(${[FACT_LABELS.date, FACT_LABELS.place, FACT_LABELS.tags, FACT_LABELS.licence].join('|')})${LABEL_SEPARATOR}(.*)$`)
const FOOTER_LINE = new RegExp(`^(?:${FACT_LABELS.source}${LABEL_SEPARATOR}|${EXPORTED_FROM}(?: le |$))`)

/** A paragraph's lines (split at hard breaks), or null for any other block. */
function lineTexts(node: PmNode | undefined): string[] | null {
  if (node?.type !== 'paragraph') return null
  const lines = ['']
  for (const child of node.content ?? []) {
    if (child.type === 'hardBreak') lines.push('')
    else lines[lines.length - 1] += child.text ?? ''
  }
  return lines.map((line) => line.trim())
}

/**
 * The blocks without Carnet's facts (leading paragraphs made only of fact lines, a licence among
 * them) and footer (trailing source and "Exporté de Carnet" lines after a rule), and what the facts said.
 */
export function withoutCarnetFrame(blocks: PmNode[]): { blocks: PmNode[]; facts: FrameFacts } {
  const facts: FrameFacts = { place: null, tags: [] }
  let factCount = 0
  const lines: string[] = []
  while (factCount < blocks.length) {
    const texts = lineTexts(blocks[factCount])
    if (!texts || !texts.every((line) => FACT_LINE.test(line))) break
    lines.push(...texts)
    factCount++
  }
  const out = [...blocks]
  if (lines.some((line) => line.startsWith(`${FACT_LABELS.licence}${LABEL_SEPARATOR}`))) {
    out.splice(0, factCount)
    for (const line of lines) {
      const [, label, value = ''] = FACT_LINE.exec(line) ?? []
      if (label === FACT_LABELS.place) facts.place = value.trim() || null
      if (label === FACT_LABELS.tags) facts.tags = value.split(/\s*,\s*/).filter(Boolean)
    }
  }
  let footerStart = out.length
  while (footerStart > 0 && lineTexts(out[footerStart - 1])?.every((line) => FOOTER_LINE.test(line))) footerStart--
  const footer = out.slice(footerStart).flatMap((block) => lineTexts(block) ?? [])
  if (footer.some((line) => line.startsWith(EXPORTED_FROM))) {
    out.splice(footerStart)
    if (out[out.length - 1]?.type === 'horizontalRule') out.pop()
  }
  return { blocks: out, facts }
}
