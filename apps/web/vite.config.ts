// The PWA build: Svelte 5, the editor in its own chunk (the home page loads without it), a
// service worker (vite-plugin-pwa, Workbox) that precaches the app shell so Carnet opens offline,
// and a compressed twin of each text file for the server to send.
import { defineConfig } from 'vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { VitePWA } from 'vite-plugin-pwa'
import { PHOTO_CACHE } from './src/features/photos/photo-cache-name.js'
import { precompressedFiles } from './build/precompressed-files.js'

const devServer = process.env.CARNET_DEV_SERVER ?? 'http://localhost:8080'

export default defineConfig({
  plugins: [
    svelte(),
    VitePWA({
      // The app asks before switching to a new version, and only once nothing is waiting to be sent.
      registerType: 'prompt',
      injectRegister: false,
      strategies: 'generateSW',
      includeAssets: ['favicon.svg', 'icons/*.png'],
      manifest: {
        id: '/',
        name: 'Carnet — pages de réunion',
        short_name: 'Carnet',
        description: 'Des pages de réunion écrites ensemble, en direct, même hors ligne.',
        lang: 'fr',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f6f4ef',
        theme_color: '#1f4e79',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // woff2: the typeface, so the page reads the same offline (its .woff twins are for browsers
        // that would not use the service worker anyway).
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,woff2}'],
        navigateFallback: '/index.html',
        // The server's own routes are never answered by the app shell.
        navigateFallbackDenylist: [/^\/api\//, /^\/sync\//, /^\/healthz/, /^\/metrics/],
        cleanupOutdatedCaches: true,
        // A page's photos never change (they are named by their bytes): once read, kept, so a page
        // read online shows them offline too. Only photos the relay had (200), never a 404.
        runtimeCaching: [
          {
            urlPattern: ({ url, sameOrigin }) => sameOrigin && /^\/api\/pages\/[a-z0-9-]{3,64}\/files\/[0-9a-f]{64}$/.test(url.pathname),
            handler: 'CacheFirst',
            options: {
              cacheName: PHOTO_CACHE,
              expiration: { maxEntries: 400 },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
      },
    }),
    precompressedFiles(),
  ],
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/api': devServer,
      '/healthz': devServer,
      '/sync': { target: devServer.replace(/^http/, 'ws'), ws: true },
    },
  },
  preview: { host: '127.0.0.1' },
})
