// A textarea as tall as its lines, whatever the width and whoever changed its value: a one-line
// field that wraps, so a long title or place is read whole instead of cut at the field's edge.
// Use as `use:fitLines={value}` (the value, so a change from another writer refits it too).
export function fitLines(field: HTMLTextAreaElement, _value?: unknown): { update(): void; destroy(): void } {
  const fit = () => {
    field.style.height = 'auto'
    // scrollHeight leaves out the borders, which a border-box height includes.
    const borders = field.offsetHeight - field.clientHeight
    field.style.height = `${field.scrollHeight + borders}px`
  }
  const observer = new ResizeObserver(fit)
  observer.observe(field.parentElement ?? field)
  field.addEventListener('input', fit)
  fit()
  return {
    update: fit,
    destroy() {
      observer.disconnect()
      field.removeEventListener('input', fit)
    },
  }
}

/** What a one-line field keeps of a value typed or pasted on several lines. */
export function oneLine(value: string): string {
  return value.replace(/\s*\n\s*/g, ' ')
}
