// The relay is killed (kill -9) and restarted while two people type: nobody loses a character,
// both pages converge, and the writers are told the truth meanwhile ("Hors ligne…" while the relay
// cannot be reached), then "En ligne" again.
import { createPage, editorOf, expect, giveName, pageText, test, waitOnline } from './fixtures.js'
import { startRelay } from '../support/relay-process.js'

test('a relay crash and restart during typing loses nothing', async ({ browser }) => {
  let relay = await startRelay()
  const port = relay.port
  const open = async () => {
    const context = await browser.newContext({ baseURL: relay.httpUrl, locale: 'fr-FR' })
    return { context, page: await context.newPage() }
  }
  const anne = await open()
  const bruno = await open()
  try {
    const url = await createPage(anne.page, 'Panne de serveur')
    await giveName(anne.page, 'Anne')
    await bruno.page.goto(url)
    await giveName(bruno.page, 'Bruno')
    await waitOnline(anne.page)
    await waitOnline(bruno.page)
    await editorOf(anne.page).click()
    await anne.page.keyboard.type('Anne:')
    await expect(editorOf(bruno.page)).toContainText('Anne:')
    await editorOf(bruno.page).click()
    await editorOf(bruno.page).press('Control+End')
    await bruno.page.keyboard.press('Enter')
    await bruno.page.keyboard.type('Bruno:')
    await expect(editorOf(anne.page)).toContainText('Bruno:')
    // Each keeps typing at the end of their own paragraph.
    await editorOf(anne.page).press('Control+Home')
    await editorOf(anne.page).press('End')

    const anneWords = Array.from({ length: 12 }, (_, i) => ` a${i}`)
    const brunoWords = Array.from({ length: 12 }, (_, i) => ` b${i}`)
    const typeAll = async (page: typeof anne.page, words: string[], crashAt?: number) => {
      for (let i = 0; i < words.length; i++) {
        if (i === crashAt) {
          await relay.crash()
          relay = await startRelay({ dataDir: relay.dataDir, port })
        }
        await page.keyboard.type(words[i]!, { delay: 15 })
      }
    }
    await Promise.all([typeAll(anne.page, anneWords, 5), typeAll(bruno.page, brunoWords)])

    await waitOnline(anne.page)
    await waitOnline(bruno.page)
    const expected = `Anne:${anneWords.join('')}\nBruno:${brunoWords.join('')}`
    await expect.poll(() => pageText(anne.page)).toBe(expected)
    await expect.poll(() => pageText(bruno.page)).toBe(expected)
    // The restarted relay has everything too.
    const md = await (await fetch(`${relay.httpUrl}/api/pages/${new URL(url).pathname.split('/')[2]}/export?format=md`)).text()
    expect(md).toContain(`Anne:${anneWords.join('')}`)
    expect(md).toContain(`Bruno:${brunoWords.join('')}`)
  } finally {
    await anne.context.close()
    await bruno.context.close()
    await relay.crash()
  }
})
