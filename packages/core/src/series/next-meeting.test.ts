import { describe, expect, it } from 'vitest'
import type { PmNode } from '../page-schema.js'
import { findTemplate } from '../templates/index.js'
import { nodeText } from '../page-tree/sections.js'
import { pageActions } from '../project-items/page-items.js'
import { NEXT_MEETING_HEADINGS, nextMeetingBody, openActions, participantNames } from './next-meeting.js'

const text = (value: string): PmNode => ({ type: 'text', text: value })
const p = (value = ''): PmNode => (value ? { type: 'paragraph', content: [text(value)] } : { type: 'paragraph' })
const h = (value: string, level = 2): PmNode => ({ type: 'heading', attrs: { level }, content: [text(value)] })
const task = (value: string, checked = false, nested: PmNode[] = []): PmNode => ({ type: 'taskItem', attrs: { checked }, content: [p(value), ...nested] })
const doc = (...content: PmNode[]): PmNode => ({ type: 'doc', content })

const previous = doc(
  h('Participants'),
  { type: 'bulletList', content: ['Anne', 'Bruno', '', 'anne'].map((name) => ({ type: 'listItem', content: [p(name)] })) },
  h('Actions'),
  {
    type: 'taskList',
    content: [
      task('Qui : … — Quoi : … — Pour quand : …'),
      task('Qui : Anne — Quoi : appeler la mairie — Pour quand : 15 mars', false, [
        { type: 'taskList', content: [task('Trouver le numéro', true), task('Préparer les questions')] },
        { type: 'bulletList', content: [{ type: 'listItem', content: [p('bureau 12')] }] },
      ]),
      task('Ranger le local', true),
    ],
  },
)

describe('preparing the next meeting', () => {
  it('takes the open actions, each on its own, with what they hold but their nested actions', () => {
    const open = openActions(previous)
    expect(open.map((item) => nodeText({ type: 'doc', content: (item.content ?? []).slice(0, 1) }))).toEqual([
      'Qui : Anne — Quoi : appeler la mairie — Pour quand : 15 mars',
      'Préparer les questions',
    ])
    expect(open[0]!.content!.map((child) => child.type)).toEqual(['paragraph', 'bulletList'])
    expect(open.every((item) => item.attrs?.checked === false)).toBe(true)
  })

  it('reads the participants’ names once each', () => {
    expect(participantNames(previous)).toEqual(['Anne', 'Bruno'])
  })

  it('lays out the Réunion template with the names and "Actions en cours" after Participants', () => {
    const body = nextMeetingBody({
      template: findTemplate('reunion')!.body.fr,
      actions: openActions(previous),
      participants: ['Anne', 'Bruno'],
      headings: NEXT_MEETING_HEADINGS.fr,
    })
    const outline = (body.content ?? []).map((block) => `${block.type}:${nodeText(block)}`)
    expect(outline.slice(0, 5)).toEqual([
      'heading:Participants',
      'bulletList:Anne Bruno',
      'heading:Actions en cours',
      expect.stringMatching(/^taskList:Qui : Anne/),
      'heading:Ordre du jour',
    ])
    // The template's own Actions list is still there, with its empty line, and nothing is checked.
    expect(outline.at(-1)).toBe('taskList:Qui : … — Quoi : … — Pour quand : …')
    expect(pageActions(body).map((action) => [action.what || action.text, action.done])).toEqual([
      ['appeler la mairie', false],
      ['Préparer les questions', false],
    ])
  })

  it('adds the sections to a template without them, and leaves the template alone when nothing is carried', () => {
    const blank = findTemplate('page-blanche')!.body.en
    const body = nextMeetingBody({ template: blank, actions: openActions(previous), participants: ['Anne'], headings: NEXT_MEETING_HEADINGS.en })
    expect((body.content ?? []).map((block) => `${block.type}:${nodeText(block)}`).slice(0, 3)).toEqual([
      'heading:Participants',
      'bulletList:Anne',
      'heading:Ongoing actions',
    ])
    const reunion = findTemplate('reunion')!.body.fr
    expect(nextMeetingBody({ template: reunion, actions: [], participants: [], headings: NEXT_MEETING_HEADINGS.fr })).toEqual(reunion)
    expect(nextMeetingBody({ template: blank, actions: [], participants: [], headings: NEXT_MEETING_HEADINGS.fr })).toEqual(blank)
  })
})
