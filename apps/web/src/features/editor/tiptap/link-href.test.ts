import { describe, expect, it } from 'vitest'
import { isAllowedHref, normaliseHref } from './link-href.js'

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

describe('isAllowedHref', () => {
  it('accepts complete web and mail addresses', () => {
    expect(isAllowedHref('https://wiki-brest.net/Accueil')).toBe(true)
    expect(isAllowedHref('http://a.example/x?y=1')).toBe(true)
    expect(isAllowedHref('mailto:contact@example.org')).toBe(true)
  })
  it('refuses anything else: other schemes, tricks, bare or relative addresses, non-strings', () => {
    for (const href of ['javascript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>', 'file:///etc/passwd', 'ftp://a.example', 'wiki-brest.net', '/p/autre-page', '', 'https://', null, undefined, 42]) {
      expect(isAllowedHref(href), String(href)).toBe(false)
    }
  })
  it('accepts whatever normaliseHref gives for an acceptable address', () => {
    for (const typed of ['wiki-brest.net', ' https://a.example ', 'mailto:x@y.fr', 'HTTP://A.EXAMPLE/'])
      expect(isAllowedHref(normaliseHref(typed)), typed).toBe(true)
  })
})
