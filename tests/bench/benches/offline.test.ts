// Reading the service worker's precache manifest (Workbox, as vite-plugin-pwa writes it).
import { describe, expect, it } from 'vitest'
import { precacheUrls } from './offline.mjs'

describe('precacheUrls', () => {
  it('lists each precached file once', () => {
    const sw =
      'define(["./workbox-1"],function(e){e.precacheAndRoute([{url:"index.html",revision:"c7"},{url:"assets/index-D9.js",revision:null},{url:"favicon.svg",revision:"ce"},{url:"favicon.svg",revision:"ce"}],{})})'
    expect(precacheUrls(sw)).toEqual(['index.html', 'assets/index-D9.js', 'favicon.svg'])
  })
})
