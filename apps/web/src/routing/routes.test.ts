import { describe, expect, it } from 'vitest'
import { pagePath, parseRoute } from './routes.js'

describe('parseRoute', () => {
  it('maps the app addresses', () => {
    expect(parseRoute('/')).toEqual({ name: 'home' })
    expect(parseRoute('/archive')).toEqual({ name: 'archive' })
    expect(parseRoute('/p/reunion-abc123')).toEqual({ name: 'editor', pageId: 'reunion-abc123' })
    expect(parseRoute('/p/reunion-abc123/')).toEqual({ name: 'editor', pageId: 'reunion-abc123' })
    expect(parseRoute('/p/reunion-abc123/projector')).toEqual({ name: 'projector', pageId: 'reunion-abc123' })
    expect(parseRoute('/p/reunion-abc123/history')).toEqual({ name: 'history', pageId: 'reunion-abc123' })
    expect(parseRoute('/j/K7M4PQXWR')).toEqual({ name: 'join', code: 'K7M4PQXWR' })
    expect(parseRoute('/j/k7m-4pq%20xwr/')).toEqual({ name: 'join', code: 'k7m-4pq xwr' })
  })

  it('reports bad page ids instead of opening them', () => {
    expect(parseRoute('/p/R%C3%A9union')).toEqual({ name: 'invalid-page', raw: 'Réunion' })
    expect(parseRoute('/p/ab')).toEqual({ name: 'invalid-page', raw: 'ab' })
    expect(parseRoute('/p/%E0%A4%A')).toEqual({ name: 'invalid-page', raw: '%E0%A4%A' })
  })

  it('knows what is not an address of the app', () => {
    expect(parseRoute('/nowhere')).toEqual({ name: 'not-found' })
    expect(parseRoute('/p/abc/edit')).toEqual({ name: 'not-found' })
  })

  it('builds the paths it parses', () => {
    expect(parseRoute(pagePath('abc-def'))).toEqual({ name: 'editor', pageId: 'abc-def' })
    expect(parseRoute(pagePath('abc-def', 'projector'))).toEqual({ name: 'projector', pageId: 'abc-def' })
  })
})
