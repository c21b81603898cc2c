import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { findTemplate } from '../templates/index.js'
import type { PmNode } from '../page-schema.js'
import { agendaItemFromText, agendaItemsFromBody } from './agenda-from-body.js'
import {
  agendaMap,
  agendaMoment,
  goToAgendaItem,
  pauseAgenda,
  readAgenda,
  resumeAgenda,
  startAgenda,
  stopAgenda,
  writeAgendaItems,
} from './agenda.js'

const MIN = 60_000

function agendaPage(): Y.Doc {
  const doc = new Y.Doc()
  writeAgendaItems(doc, [
    { title: 'Accueil', minutes: 5 },
    { title: 'Budget', minutes: 20 },
  ])
  return doc
}

describe('the agenda timer', () => {
  it('runs from a start time, whatever the screen that reads it', () => {
    const doc = agendaPage()
    expect(agendaMoment(readAgenda(doc), 0)).toBeNull()
    startAgenda(doc, 1_000_000)
    const projector = new Y.Doc()
    Y.applyUpdate(projector, Y.encodeStateAsUpdate(doc))
    expect(agendaMoment(readAgenda(projector), 1_000_000 + 2 * MIN)).toMatchObject({ index: 0, count: 2, item: { title: 'Accueil' }, remainingMs: 3 * MIN, finished: false })
    // Over time: the remaining time goes negative, calmly.
    expect(agendaMoment(readAgenda(projector), 1_000_000 + 7 * MIN)!.remainingMs).toBe(-2 * MIN)
  })

  it('moves to a point by its index, so that two "next" at once move once', () => {
    const laptop = agendaPage()
    startAgenda(laptop, 0)
    const phone = new Y.Doc()
    Y.applyUpdate(phone, Y.encodeStateAsUpdate(laptop))
    goToAgendaItem(laptop, 1, 10 * MIN)
    goToAgendaItem(phone, 1, 10 * MIN + 300)
    Y.applyUpdate(laptop, Y.encodeStateAsUpdate(phone))
    Y.applyUpdate(phone, Y.encodeStateAsUpdate(laptop))
    expect(readAgenda(laptop)).toEqual(readAgenda(phone))
    expect(readAgenda(laptop).timer!.current).toBe(1)
    goToAgendaItem(laptop, 2, 30 * MIN)
    expect(agendaMoment(readAgenda(laptop), 31 * MIN)).toMatchObject({ finished: true, item: null, index: 2 })
  })

  it('pauses and resumes with the time left unchanged', () => {
    const doc = agendaPage()
    startAgenda(doc, 0)
    pauseAgenda(doc, 2 * MIN)
    expect(agendaMoment(readAgenda(doc), 60 * MIN)).toMatchObject({ paused: true, remainingMs: 3 * MIN })
    resumeAgenda(doc, 60 * MIN)
    expect(agendaMoment(readAgenda(doc), 61 * MIN)).toMatchObject({ paused: false, remainingMs: 2 * MIN })
    stopAgenda(doc)
    expect(readAgenda(doc).timer).toBeNull()
  })

  it('does not trust what another client wrote', () => {
    const doc = new Y.Doc()
    agendaMap(doc).set('items', [{ title: 'Ok', minutes: 9999 }, { title: 42 }, null, { title: '  ', minutes: 3 }, { title: 'Sans durée' }])
    agendaMap(doc).set('timer', { current: 99, startedAt: 'hier' })
    expect(readAgenda(doc)).toEqual({ items: [{ title: 'Ok', minutes: 480 }, { title: 'Sans durée', minutes: 10 }], timer: null })
    agendaMap(doc).set('timer', { current: 99, startedAt: 5 })
    expect(readAgenda(doc).timer).toEqual({ current: 2, startedAt: 5, pausedAt: null })
  })
})

describe('an agenda read from the page', () => {
  it('reads durations written in the points', () => {
    expect(agendaItemFromText('Budget (15 min)')).toEqual({ title: 'Budget', minutes: 15 })
    expect(agendaItemFromText('Accueil — 1 h 30')).toEqual({ title: 'Accueil', minutes: 90 })
    expect(agendaItemFromText('Bilan 1h')).toEqual({ title: 'Bilan', minutes: 60 })
    expect(agendaItemFromText('Tour de table 20’')).toEqual({ title: 'Tour de table', minutes: 20 })
    expect(agendaItemFromText('Les 3 projets')).toEqual({ title: 'Les 3 projets', minutes: 10 })
    expect(agendaItemFromText('  ')).toBeNull()
  })

  it('takes the points of the "Ordre du jour" list, skipping empty ones', () => {
    const body = structuredClone(findTemplate('reunion')!.body.fr) as PmNode
    expect(agendaItemsFromBody(body)).toEqual([])
    const list = body.content!.find((block) => block.type === 'orderedList')!
    list.content = ['Accueil (5 min)', '', 'Budget'].map((text) => ({
      type: 'listItem',
      content: [text ? { type: 'paragraph', content: [{ type: 'text', text }] } : { type: 'paragraph' }],
    }))
    expect(agendaItemsFromBody(body)).toEqual([
      { title: 'Accueil', minutes: 5 },
      { title: 'Budget', minutes: 10 },
    ])
  })
})
