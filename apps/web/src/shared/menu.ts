// Behaviour of a <details> menu: it closes when an item is chosen, on Escape (focus back on its
// button) and on a click elsewhere, as people expect of a menu.
export function menu(details: HTMLDetailsElement): { destroy(): void } {
  const summary = details.querySelector('summary')
  const onClick = (event: MouseEvent) => {
    if (!details.open) return
    const target = event.target as Node
    if (!details.contains(target)) details.open = false
    else if (!summary?.contains(target) && (target as Element).closest?.('a, button')) details.open = false
  }
  const onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && details.open) {
      event.preventDefault()
      details.open = false
      summary?.focus()
    }
  }
  document.addEventListener('click', onClick, true)
  details.addEventListener('keydown', onKeydown)
  return {
    destroy() {
      document.removeEventListener('click', onClick, true)
      details.removeEventListener('keydown', onKeydown)
    },
  }
}
