import { it, expect } from 'vitest'
import { seededRandom, randomInline, marksPerCharacter } from './__fixtures__/random-inline.js'
import { markdownToJson } from './index.js'
import { markdownInline } from './markdown-inline.js'
it('fuzz', () => {
  let failures = 0, fp = 0
  for (let seed = 1; seed <= 30000; seed++) {
    const inline = randomInline(seededRandom(seed))
    const md = markdownInline(inline, 'paragraph')
    const got = markdownToJson(md).body.content?.[0]?.content ?? []
    const norm = (x: any[]) => x.map(c => /\s/.test(c.char) ? { char: c.char, marks: c.marks.filter((m: string) => m === 'code' || m.startsWith('link')) } : c)
    if (JSON.stringify(norm(marksPerCharacter(inline))) !== JSON.stringify(norm(marksPerCharacter(got)))) failures++
    if (markdownInline(got, 'paragraph') !== md) fp++
  }
  console.log('failures', failures, 'fp', fp)
}, 100000)
