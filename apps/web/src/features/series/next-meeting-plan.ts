// "Préparer la réunion suivante", from the page open in the editor: what the next page will carry
// (the open actions, the names offered, the details), then the new page queued for creation in
// this browser — offline too: it is created like any new page when the editor opens it — and this
// page linked forward to it.
import type * as Y from 'yjs'
import {
  findTemplate,
  NEXT_MEETING_HEADINGS,
  nextMeetingBody,
  openActions,
  pageBody,
  participantNames,
  readPageMeta,
  readSeriesLinks,
  writerNames,
  writeSeriesLinks,
  BLANK_TEMPLATE_ID,
  type PmNode,
} from '@carnet/core'
import { fragmentToJson } from '@carnet/core/from-ydoc'
import { newEditKey } from '@carnet/core/edit-key'
import { newPageId, slugify } from '@carnet/core/page-id'
import { rememberPage } from '../../local-pages/local-pages.svelte.js'
import { queuePageCreation } from '../../local-pages/page-creation.js'
import { suggestedTitle } from '../../local-pages/suggested-title.js'

export interface NextMeetingPlan {
  /** Template id of the new page ('' for a page made from none). */
  template: string
  actions: PmNode[]
  /** Names offered as the new page's first participants (all chosen at first). */
  participants: string[]
  /** This page already names a next meeting. */
  hasNext: boolean
}

/** What the next meeting would carry from this page, as it is now. */
export function nextMeetingPlan(doc: Y.Doc): NextMeetingPlan {
  const body = fragmentToJson(pageBody(doc))
  const listed = participantNames(body)
  return {
    template: readPageMeta(doc).template,
    actions: openActions(body),
    // Nobody listed: those who wrote the page are the best guess.
    participants: listed.length > 0 ? listed : writerNames(doc),
    hasNext: readSeriesLinks(doc).next !== '',
  }
}

/** The title the template suggests for that day ("Réunion du 9 avril 2026"), else this page's. */
export function nextMeetingTitle(templateId: string, currentTitle: string, day: string, language: 'fr' | 'en'): string {
  const template = findTemplate(templateId)
  const [year, month, date] = day.split('-').map(Number)
  const suggested = template && year && month && date ? suggestedTitle(template, language, new Date(year, month - 1, date)) : ''
  return suggested || currentTitle
}

export interface NextMeetingChoice {
  title: string
  /** `YYYY-MM-DD`, or '' when not known yet. */
  date: string
  participants: string[]
}

/**
 * Queues the next meeting's page (created when the editor opens it) and links this page forward
 * to it. Returns where to go: the new page with its edit key.
 */
export function prepareNextMeeting(doc: Y.Doc, pageId: string, choice: NextMeetingChoice, language: 'fr' | 'en'): { pageId: string; editKey: string } {
  const plan = nextMeetingPlan(doc)
  const meta = readPageMeta(doc)
  const template = findTemplate(plan.template) ?? findTemplate(BLANK_TEMPLATE_ID)!
  const body = nextMeetingBody({
    template: template.body[language],
    actions: plan.actions,
    participants: choice.participants,
    headings: NEXT_MEETING_HEADINGS[language],
  })
  const prefix = slugify(template.id !== BLANK_TEMPLATE_ID ? template.id : choice.title).slice(0, 30) || 'reunion'
  const nextId = newPageId(prefix)
  const editKey = newEditKey()
  const title = choice.title.trim()
  rememberPage(nextId, { title, editKey, lastOpened: Date.now(), canWrite: true, createdHere: true })
  queuePageCreation(nextId, {
    title,
    template: plan.template,
    // A date left empty stays empty: the page is prepared before the day is known.
    date: choice.date || '',
    place: meta.place,
    tags: meta.tags,
    previous: pageId,
    body,
  })
  writeSeriesLinks(doc, { next: nextId })
  return { pageId: nextId, editKey }
}
