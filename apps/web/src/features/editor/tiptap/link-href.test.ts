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
  it('keeps anchors and relative paths as they are typed', () => {
    for (const href of ['#décisions', './2025-02-14.md', '../notes/atelier.md', '/p/autre-page']) expect(normaliseHref(href), href).toBe(href)
  })
  it('refuses links that would run code, read files, or leave for another host without a scheme', () => {
    for (const href of ['javascript:alert(1)', 'data:text/html,<script>', 'file:///etc/passwd', '//pisteur.example/x', '/\\pisteur.example']) expect(normaliseHref(href), href).toBeNull()
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
  it('accepts anchors and relative paths, which imported notes keep', () => {
    for (const href of ['#décisions', '#', './2025-02-14.md', '../notes/atelier.md', 'compte-rendu.md', 'sous-dossier/page.md', '/p/autre-page', '?q=1'])
      expect(isAllowedHref(href), href).toBe(true)
  })
  it('refuses anything else: other schemes, tricks, protocol-relative hosts, half addresses, non-strings', () => {
    for (const href of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>', 'file:///etc/passwd', 'ftp://a.example', '//pisteur.example/x', '\\\\pisteur.example', '/\\pisteur.example', 'vbscript:x', '', 'https://', null, undefined, 42]) {
      expect(isAllowedHref(href), String(href)).toBe(false)
    }
  })
  it('accepts whatever normaliseHref gives for an acceptable address', () => {
    for (const typed of ['wiki-brest.net', ' https://a.example ', 'mailto:x@y.fr', 'HTTP://A.EXAMPLE/', '#suite', './a.md'])
      expect(isAllowedHref(normaliseHref(typed)), typed).toBe(true)
  })
})
