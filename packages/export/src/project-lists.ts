// A project's decisions and actions (`GET /api/decisions`, `GET /api/actions`, as the archive's
// views show them) as Markdown and as MediaWiki wikitext for the city wiki: grouped by meeting,
// each meeting linked to its page. Text is escaped as in page exports (markdown-inline.ts,
// wikitext-inline.ts): what people wrote never becomes markup. Actions keep their words as
// written in Markdown (a GFM task list), and become a table in wikitext (who, what, by when),
// since MediaWiki has no checkboxes.
import type { ActionItem, DecisionItem, PmNode, ProjectItemPage } from '@carnet/core'
import { markdownInline, markdownText } from './markdown-inline.js'
import { wikiInline, wikiLineStart, wikiText } from './wikitext-inline.js'
import { frenchDate } from './french-date.js'

export type ProjectListLanguage = 'fr' | 'en'

export interface ProjectListOptions {
  /** The list's title ("Décisions — Jardin partagé"). */
  title: string
  /** Where the pages are read: each meeting links to `<baseUrl>/p/<pageId>`. */
  baseUrl: string
  language: ProjectListLanguage
}

const WORDS = {
  fr: { open: 'À faire', done: 'Fait', who: 'Qui', what: 'Quoi', when: 'Pour quand', meeting: 'Réunion', state: 'État', none: 'Aucune entrée.', untitled: 'Sans titre' },
  en: { open: 'To do', done: 'Done', who: 'Who', what: 'What', when: 'By when', meeting: 'Meeting', state: 'State', none: 'No entry.', untitled: 'Untitled' },
} as const

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

function dayInWords(day: string, language: ProjectListLanguage): string {
  if (language === 'fr') return frenchDate(day)
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  return match ? `${Number(match[3])} ${EN_MONTHS[Number(match[2]) - 1] ?? ''} ${match[1]}` : day
}

function pageUrl(options: ProjectListOptions, pageId: string): string {
  return `${options.baseUrl.replace(/\/+$/, '')}/p/${encodeURIComponent(pageId)}`
}

/** The page's title as a link to it. */
function pageLink(item: ProjectItemPage, options: ProjectListOptions): PmNode[] {
  const title = item.pageTitle.trim() || WORDS[options.language].untitled
  return [{ type: 'text', text: title, marks: [{ type: 'link', attrs: { href: pageUrl(options, item.pageId) } }] }]
}

/** Consecutive items of the same page, in the order given. */
function byPage<T extends ProjectItemPage>(items: readonly T[]): T[][] {
  const groups: T[][] = []
  for (const item of items) {
    const last = groups.at(-1)
    if (last && last[0]!.pageId === item.pageId) last.push(item)
    else groups.push([item])
  }
  return groups
}

function meetingHeading(first: ProjectItemPage, options: ProjectListOptions, link: (nodes: PmNode[]) => string, text: (value: string) => string): string {
  const day = first.day ? `${text(dayInWords(first.day, options.language))} — ` : ''
  return `${day}${link(pageLink(first, options))}`
}

export function decisionsToMarkdown(items: readonly DecisionItem[], options: ProjectListOptions): string {
  const out = [`# ${markdownText(options.title, 'heading')}`, '']
  if (items.length === 0) out.push(WORDS[options.language].none, '')
  for (const group of byPage(items)) {
    out.push(`## ${meetingHeading(group[0]!, options, (nodes) => markdownInline(nodes, 'heading'), (value) => markdownText(value, 'heading'))}`, '')
    for (const item of group) out.push(`- ${markdownText(item.text, 'paragraph')}`)
    out.push('')
  }
  return out.join('\n')
}

export function decisionsToWikitext(items: readonly DecisionItem[], options: ProjectListOptions): string {
  const context = { inTable: false }
  const out = [`== ${wikiText(options.title, context)} ==`, '']
  if (items.length === 0) out.push(WORDS[options.language].none, '')
  for (const group of byPage(items)) {
    out.push(`=== ${meetingHeading(group[0]!, options, (nodes) => wikiInline(nodes, context), (value) => wikiText(value, context))} ===`)
    for (const item of group) out.push(`* ${wikiLineStart(wikiText(item.text, context), context)}`)
    out.push('')
  }
  return out.join('\n')
}

export function actionsToMarkdown(items: readonly ActionItem[], options: ProjectListOptions): string {
  const words = WORDS[options.language]
  const out = [`# ${markdownText(options.title, 'heading')}`, '']
  if (items.length === 0) out.push(words.none, '')
  for (const [heading, done] of [[words.open, false], [words.done, true]] as const) {
    const listed = items.filter((item) => item.done === done)
    if (listed.length === 0) continue
    out.push(`## ${markdownText(heading, 'heading')}`, '')
    for (const item of listed) {
      const day = item.day ? `, ${markdownText(dayInWords(item.day, options.language), 'paragraph')}` : ''
      out.push(`- [${done ? 'x' : ' '}] ${markdownText(item.text, 'paragraph')} (${markdownInline(pageLink(item, options), 'paragraph')}${day})`)
    }
    out.push('')
  }
  return out.join('\n')
}

export function actionsToWikitext(items: readonly ActionItem[], options: ProjectListOptions): string {
  const words = WORDS[options.language]
  const cell = { inTable: true }
  const out = [`== ${wikiText(options.title, { inTable: false })} ==`, '']
  if (items.length === 0) {
    out.push(words.none, '')
    return out.join('\n')
  }
  out.push('{| class="wikitable sortable"', `! ${words.state} !! ${words.who} !! ${words.what} !! ${words.when} !! ${words.meeting}`)
  const text = (value: string) => wikiLineStart(wikiText(value, cell), cell)
  for (const item of items) {
    const meeting = `${wikiInline(pageLink(item, options), cell)}${item.day ? ` (${wikiText(dayInWords(item.day, options.language), cell)})` : ''}`
    out.push('|-', `| ${item.done ? words.done : words.open} || ${text(item.who)} || ${text(item.what || item.text)} || ${text(item.when)} || ${meeting}`)
  }
  out.push('|}', '')
  return out.join('\n')
}
