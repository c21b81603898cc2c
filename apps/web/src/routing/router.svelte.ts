// Client-side navigation with the History API: same-origin links are followed without a reload,
// and the current route is reactive state.
import { parseRoute, type Route } from './routes.js'

const state = $state<{ route: Route; hash: string }>({
  route: parseRoute(location.pathname),
  hash: location.hash,
})

export function currentRoute(): Route {
  return state.route
}

export function currentHash(): string {
  return state.hash
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = new URL(to, location.href)
  if (options.replace) history.replaceState(null, '', url)
  else history.pushState(null, '', url)
  sync()
  window.scrollTo(0, 0)
}

function sync(): void {
  state.route = parseRoute(location.pathname)
  state.hash = location.hash
}

export function startRouter(): void {
  window.addEventListener('popstate', sync)
  window.addEventListener('hashchange', sync)
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    const anchor = (event.target as Element | null)?.closest?.('a')
    if (!anchor || anchor.target || anchor.hasAttribute('download') || anchor.dataset.reload !== undefined) return
    const url = new URL(anchor.href, location.href)
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return
    event.preventDefault()
    navigate(url.pathname + url.search + url.hash)
  })
}
