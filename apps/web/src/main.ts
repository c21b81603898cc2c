// Entry point: the typeface, global styles (tokens, resets, shared rules; a page's text), the
// router, and the app shell.
import { mount } from 'svelte'
// Atkinson Hyperlegible Next, made for readers with low vision: bundled with the app (and kept by
// the service worker) so the page reads the same offline. Only the styles Carnet uses; each in
// Latin and Latin Extended, the browser fetching the second only for the names that need it.
import '@fontsource/atkinson-hyperlegible-next/400.css'
import '@fontsource/atkinson-hyperlegible-next/400-italic.css'
import '@fontsource/atkinson-hyperlegible-next/600.css'
import '@fontsource/atkinson-hyperlegible-next/700.css'
import '@fontsource/atkinson-hyperlegible-next/700-italic.css'
import '@fontsource/atkinson-hyperlegible-next/800.css'
import './styles/global.css'
import './styles/page-content.css'
import App from './App.svelte'
import { startRouter } from './routing/router.svelte.js'
import { locale, startLocale } from './i18n/i18n.svelte.js'
import { startServiceWorker } from './features/offline/service-worker.svelte.js'
import { applyDisplay } from './settings/display.svelte.js'
import { startSendingInBackground } from './features/offline/send-in-background.js'

function start(): void {
  document.documentElement.lang = locale()
  applyDisplay()
  startRouter()
  mount(App, { target: document.getElementById('app')! })
  startServiceWorker()
  startSendingInBackground()
}

// French is in this script; another language's catalogue arrives before the first words are shown.
// (Not a top-level await: the bundler would then split this script into many small ones.)
void startLocale().then(start)
