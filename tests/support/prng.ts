// A small seeded PRNG (mulberry32) for tests that act at random: the seed is logged, and passing
// it back (e.g. `CRASH_SEED=…`) replays the same choices, so a failure can be reproduced.

export interface Prng {
  readonly seed: number
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  chance(probability: number): boolean
  /** An independent generator derived from this one (e.g. one per client). */
  fork(): Prng
}

export function prng(seed: number): Prng {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const self: Prng = {
    seed: seed >>> 0,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[Math.floor(next() * items.length)]!
    },
    chance: (probability) => next() < probability,
    fork: () => prng(Math.floor(next() * 4294967296)),
  }
  return self
}

/** The seed from `variable` in the environment, or a fresh random one. */
export function seedFromEnv(variable: string): number {
  const given = process.env[variable]
  if (given !== undefined && given.trim() !== '') {
    const seed = Number(given)
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`${variable} must be an integer in [0, 2^32)`)
    return seed
  }
  return Math.floor(Math.random() * 4294967296)
}
