// Writer colours: each dark enough for white text on it and for a caret visible on white
// (contrast ≥ 4.5:1 both ways that matter), and distinct from one another.

/** Slate: the colour of a writer who gave no name, or whose colour is unknown or malformed. */
export const FALLBACK_WRITER_COLOR = '#4d5562'

export const WRITER_COLORS = [
  '#1f4e79', // bleu
  '#b3261e', // rouge
  '#1e6b3a', // vert
  '#7a3b9c', // violet
  '#9a4a00', // orange brûlé
  '#0d6670', // sarcelle
  '#8c2a58', // prune
  FALLBACK_WRITER_COLOR, // ardoise
] as const

/** A colour nobody present has yet when one is left (so "Qui a écrit quoi" tells writers apart). */
export function randomWriterColor(taken: readonly string[] = [], random = Math.random): string {
  const used = new Set(taken.map((color) => color.toLowerCase()))
  const free = WRITER_COLORS.filter((color) => !used.has(color))
  const choices = free.length > 0 ? free : WRITER_COLORS
  return choices[Math.floor(random() * choices.length)]!
}

export const NAME_MAX_LENGTH = 40

/** Trims and bounds a typed name; returns '' when nothing usable is left. */
export function cleanName(raw: string): string {
  return raw.replace(/\s+/g, ' ').trim().slice(0, NAME_MAX_LENGTH)
}
