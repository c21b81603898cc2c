// French typography for the interface texts: a space before « : ; ? ! » and after « is
// non-breaking, so a line never starts with a lone colon or question mark. The catalogue is
// written with ordinary spaces (readable, diffable); this applies the rule once, at load.
const NBSP = '\u00a0'

export function frenchSpacing(text: string): string {
  return text.replace(/ +([:;?!»])/g, `${NBSP}$1`).replace(/« +/g, `«${NBSP}`)
}

export function withFrenchSpacing<K extends string>(catalogue: Record<K, string>): Record<K, string> {
  return Object.fromEntries(Object.entries<string>(catalogue).map(([key, text]) => [key, frenchSpacing(text)])) as Record<K, string>
}
