// A template's own words: what every page made from it says before anyone writes (its headings,
// its hints). The archive's search tells them from the words people wrote: a page's indexed body
// leaves them out, so that "décisions" finds first the meeting where people wrote it, not every
// page that kept the Réunion template's "Décisions" heading; a page that only has the template's
// words is still found, after the others, through the template it was made from.
import type { PmNode } from '../page-schema.js'
import { TEMPLATES, findTemplate, type TemplateLanguage } from './index.js'

const LANGUAGES: readonly TemplateLanguage[] = ['fr', 'en']

/** The text of each text block of a body, in order, as the search index reads a page (one line each). */
export function bodyLines(body: PmNode): string[] {
  const lines: string[] = []
  const stack: PmNode[] = [body]
  while (stack.length > 0) {
    const node = stack.pop()!
    const children = node.content ?? []
    if (children.length > 0 && children.every((child) => child.type === 'text' || child.type === 'hardBreak')) {
      const text = children.map((child) => (child.type === 'text' ? (child.text ?? '') : '\n')).join('')
      for (const line of text.split('\n')) if (line.trim()) lines.push(line.trim())
      continue
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!)
  }
  return lines
}

/** A template's own lines in one language ([] for an unknown template). */
export function templateLines(templateId: string, language: TemplateLanguage): string[] {
  const template = findTemplate(templateId)
  return template ? bodyLines(template.body[language]) : []
}

/**
 * A page's text (one line per block) without its template's own lines: each line of the template
 * is taken out once, in the language the page was made in (the one whose lines it holds most).
 */
export function withoutTemplateText(text: string, templateId: string): string {
  const lines = text.split('\n')
  const present = new Set(lines.map((line) => line.trim()))
  let best: string[] = []
  for (const language of LANGUAGES) {
    const own = templateLines(templateId, language)
    const found = own.filter((line) => present.has(line)).length
    if (found > best.filter((line) => present.has(line)).length) best = own
  }
  if (best.length === 0) return text
  const toRemove = new Map<string, number>()
  for (const line of best) toRemove.set(line, (toRemove.get(line) ?? 0) + 1)
  const kept: string[] = []
  for (const line of lines) {
    const left = toRemove.get(line.trim()) ?? 0
    if (left > 0) toRemove.set(line.trim(), left - 1)
    else kept.push(line)
  }
  return kept.join('\n')
}

/** Text as the search compares it: accents and case ignored. */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('fr')
}

const WORD = /[\p{L}\p{N}]+/gu

let templateWords: ReadonlyMap<string, readonly string[]> | null = null

/** The words of each template, folded, in both languages (worked out on first use). */
function wordsOfTemplates(): ReadonlyMap<string, readonly string[]> {
  templateWords ??= new Map(
    TEMPLATES.map((template) => [
      template.id,
      [...new Set(LANGUAGES.flatMap((language) => foldForSearch(templateLines(template.id, language).join(' ')).match(WORD) ?? []))],
    ]),
  )
  return templateWords
}

/**
 * The templates whose own words match a typed term as the search does: each word of the term
 * starts one of the template's words (accents and case ignored).
 */
export function templatesMatching(term: string): string[] {
  const words = foldForSearch(term).match(WORD) ?? []
  if (words.length === 0) return []
  return [...wordsOfTemplates()]
    .filter(([, own]) => words.every((word) => own.some((candidate) => candidate.startsWith(word))))
    .map(([id]) => id)
}
