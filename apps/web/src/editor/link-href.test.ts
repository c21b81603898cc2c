import { describe, expect, it } from 'vitest'
import { normaliseHref } from './link-href.js'

describe('normaliseHref', () => {
  it('completes bare addresses with https', () => {
    expect(normaliseHref(' wiki-brest.net/Accueil ')).toBe('https://wiki-brest.net/Accueil')
  })
  it('keeps web and mail links', () => {
    expect(normaliseHref('http://a.example/x?y=1')).toBe('http://a.example/x?y=1')
    expect(normaliseHref('mailto:contact@example.org')).toBe('mailto:contact@example.org')
  })
  it('refuses links that would run code or read files', () => {
    expect(normaliseHref('javascript:alert(1)')).toBeNull()
    expect(normaliseHref('data:text/html,<script>')).toBeNull()
    expect(normaliseHref('file:///etc/passwd')).toBeNull()
  })
  it('treats an empty value as "remove the link"', () => {
    expect(normaliseHref('   ')).toBe('')
  })
})
