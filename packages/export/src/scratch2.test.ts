import { it } from 'vitest'
import { seededRandom } from './__fixtures__/random-inline.js'
import { randomBody } from './__fixtures__/random-page.js'
import { bodyToWikitext } from './to-wikitext.js'
it('debug', () => { console.log(bodyToWikitext(randomBody(seededRandom(15)))) })
