// Entry point: global styles (tokens, resets, shared rules; a page's text), the router, and the app shell.
import { mount } from 'svelte'
import './styles/global.css'
import './styles/page-content.css'
import App from './App.svelte'
import { startRouter } from './routing/router.svelte.js'
import { locale } from './i18n/i18n.svelte.js'
import { startServiceWorker } from './features/offline/service-worker.svelte.js'
import { applyDisplay } from './settings/display.svelte.js'
import { startSendingInBackground } from './features/offline/send-in-background.js'

document.documentElement.lang = locale()
applyDisplay()
startRouter()
mount(App, { target: document.getElementById('app')! })
startServiceWorker()
startSendingInBackground()
