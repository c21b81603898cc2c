// Each person at ease: a reader is never asked for a name and is shown apart from those who write;
// keyboard users leave the editor without changing the shared page; the editor refuses nesting the
// relay would refuse; novices see the page's details folded, unsent text said in words, "écrit…"
// only while someone types, a confirmation before closing the page, and one legible typeface.
import type { Page } from '@playwright/test'
import { MAX_NESTING_DEPTH } from '@carnet/core'
import { createPage, editorOf, expect, giveName, offlineReady, pageIdOf, test, waitOnline, type Writer, type WriterSession } from './fixtures.js'

/** The facilitator (Soizic) opens a page for the meeting and is online. */
async function meeting(writer: Writer, title: string, template?: string): Promise<{ facilitator: WriterSession; url: string }> {
  const facilitator = await writer('Animatrice')
  const url = await createPage(facilitator.page, title, template)
  await giveName(facilitator.page, 'Soizic')
  await waitOnline(facilitator.page)
  return { facilitator, url }
}

/** Someone joins with the edit link and gives their name. */
async function join(writer: Writer, url: string, name: string): Promise<WriterSession> {
  const joined = await writer(name)
  await joined.page.goto(url)
  await giveName(joined.page, name)
  return joined
}

const nameDialog = (page: Page) => page.getByRole('dialog', { name: /Comment vous appelez-vous/ })
const typing = (page: Page) => page.locator('.presence__person.typing')

/** Deepest list nesting in the editor: lists around the deepest item. */
function listDepth(page: Page): Promise<number> {
  return page.locator('.page-content').evaluate((root) => {
    let deepest = 0
    for (const item of root.querySelectorAll('li')) {
      let depth = 0
      for (let node: Element | null = item; node && node !== root; node = node.parentElement) if (node.matches('ul, ol')) depth++
      deepest = Math.max(deepest, depth)
    }
    return deepest
  })
}

test.describe('readers', () => {
  test('a reader is never asked for a name and is counted apart from the writers', async ({ writer }) => {
    const { facilitator, url } = await meeting(writer, 'Conseil de quartier')
    await join(writer, url, 'Gwen')

    const reader = await writer('Lecteur')
    await reader.page.goto(url.replace(/#.*/, ''))
    await expect(reader.page.locator('[data-access="read-only"]')).toContainText('Lecture seule.')
    await waitOnline(reader.page)
    await expect(nameDialog(reader.page)).toBeHidden()
    await reader.page.reload()
    await expect(reader.page.locator('[data-access="read-only"]')).toBeVisible()
    await expect(nameDialog(reader.page)).toBeHidden()
    // Nor offered to pick one: there is nothing to sign.
    await expect(reader.page.getByRole('button', { name: /Changer mon nom/ })).toHaveCount(0)

    const presence = facilitator.page.locator('.presence')
    await expect(presence).toHaveAttribute('data-writers', '2')
    await expect(presence).toHaveAttribute('data-readers', '1')
    await expect(presence).toContainText('2 personnes écrivent · 1 lit')
    await expect(presence.locator('.presence__person')).toHaveCount(2)
    await expect(presence.locator('.presence__person', { hasText: 'A' })).toHaveCount(0)

    const projector = await facilitator.context.newPage()
    await projector.goto(`/p/${pageIdOf(url)}/projector`)
    await expect(projector.locator('.projector__people h2')).toHaveText('2 personnes écrivent · 1 lit')
    await expect(projector.locator('.presence-names')).not.toContainText('Anonyme')
  })
})

test.describe('keyboard', () => {
  test('Shift+Tab leaves a list item without lifting it; Escape then Tab leaves anywhere, changing nothing', async ({ writer }) => {
    const anne = await writer('Anne')
    const url = await createPage(anne.page, 'Au clavier', 'Réunion')
    await giveName(anne.page, 'Anne')
    await waitOnline(anne.page)
    const bruno = await writer('Bruno')
    await bruno.page.goto(url)
    await giveName(bruno.page, 'Bruno')
    const editor = editorOf(anne.page)
    await expect(editor).toHaveAccessibleDescription(/Échap.*Tab/)

    await editor.locator('ul > li p').first().click()
    await anne.page.keyboard.type('Anne')
    await anne.page.keyboard.press('Shift+Tab')
    await expect(editor).not.toBeFocused()
    for (const page of [anne.page, bruno.page]) {
      await expect(editorOf(page).locator('ul:not([data-type]) > li', { hasText: 'Anne' })).toHaveCount(1)
    }

    // A nested item: Tab nests it; Escape then Tab, or Escape then Shift+Tab, leave it as it is.
    await editor.locator('ul > li p', { hasText: 'Anne' }).click()
    await anne.page.keyboard.press('End')
    await anne.page.keyboard.press('Enter')
    await anne.page.keyboard.press('Tab')
    await anne.page.keyboard.type('Bruno')
    await expect(editor.locator('li li', { hasText: 'Bruno' })).toHaveCount(1)
    const before = await editor.innerHTML()
    for (const leave of ['Tab', 'Shift+Tab']) {
      await editor.locator('li li p', { hasText: 'Bruno' }).click()
      await anne.page.keyboard.press('Escape')
      await expect(anne.page.getByRole('status').filter({ hasText: 'Tab pour quitter' })).toBeVisible()
      await anne.page.keyboard.press(leave)
      await expect(editor).not.toBeFocused()
      expect(await editor.innerHTML()).toBe(before)
    }
    await expect(editorOf(bruno.page).locator('li li', { hasText: 'Bruno' })).toHaveCount(1)
  })

  test(`the editor stops nesting where the relay would refuse the page (${MAX_NESTING_DEPTH} levels)`, async ({ writer }) => {
    const anne = await writer('Anne')
    const url = await createPage(anne.page, 'Listes profondes')
    await giveName(anne.page, 'Anne')
    await waitOnline(anne.page)
    const bruno = await writer('Bruno')
    await bruno.page.goto(url)
    await giveName(bruno.page, 'Bruno')

    await editorOf(anne.page).click()
    await anne.page.keyboard.type('- niveau 1')
    for (let level = 2; level <= 36; level++) {
      await anne.page.keyboard.press('Enter')
      await anne.page.keyboard.press('Tab')
      await anne.page.keyboard.type(`n${level}`)
    }
    // Body → (list → item) per level → paragraph → text: 2 × 31 + 2 = 64.
    expect(await listDepth(anne.page)).toBe(31)
    await expect(anne.page.getByRole('status').filter({ hasText: 'plus profond' })).toBeVisible()
    await waitOnline(anne.page)
    await expect(editorOf(bruno.page)).toContainText('n36')

    // Pasted content nested deeper than the page allows is refused too, with the same notice.
    let deep = 'profond'
    for (let i = 0; i < 40; i++) deep = `<ul><li><p>${i}</p>${deep === 'profond' ? '<p>profond</p>' : deep}</li></ul>`
    await editorOf(anne.page).press('Control+End')
    await anne.page.keyboard.press('Enter')
    await anne.page.keyboard.press('Enter')
    await editorOf(anne.page).evaluate((element, html) => {
      const data = new DataTransfer()
      data.setData('text/html', html)
      data.setData('text/plain', 'profond')
      element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    }, deep)
    await anne.page.keyboard.type('Après le collage.')
    await expect(editorOf(bruno.page)).toContainText('Après le collage.')
    expect(await listDepth(anne.page)).toBe(31)
    await waitOnline(anne.page)
  })
})

test.describe('novices', () => {
  test('page details are folded for participants and open for the facilitator; long values are whole', async ({ writer }) => {
    const { facilitator, url } = await meeting(writer, 'Atelier numérique', 'Réunion')
    const place = facilitator.page.getByLabel('Lieu')
    await expect(place).toBeVisible()
    const longPlace = 'Maison de quartier de Lambézellec, salle du premier étage, 12 rue Robespierre, 29200 Brest'
    await place.fill(longPlace)
    await place.press('Tab')
    const whole = await place.evaluate((field) => field.scrollWidth <= field.clientWidth + 1 && field.scrollHeight <= field.clientHeight + 1)
    expect(whole).toBe(true)

    const gwen = await join(writer, url, 'Gwen')
    const details = gwen.page.getByText('Détails de la page', { exact: true })
    await expect(details).toBeVisible()
    await expect(gwen.page.getByLabel('Lieu')).toBeHidden()
    await expect(gwen.page.getByLabel('Licence')).toBeHidden()
    await details.click()
    await expect(gwen.page.getByLabel('Lieu')).toHaveValue(longPlace)
    // "Code" is not among the first tools a participant sees.
    await expect(gwen.page.getByRole('button', { name: 'Code', exact: true })).toBeHidden()
  })

  test('unsent text is said in words; the exact count is in the facilitator’s details', async ({ writer }) => {
    const { facilitator } = await meeting(writer, 'Sans réseau')
    await facilitator.context.setOffline(true)
    await expect(facilitator.page.locator('.connection-status')).toHaveAttribute('data-status', 'offline')
    await editorOf(facilitator.page).click()
    await facilitator.page.keyboard.type('Une phrase écrite sans réseau.')
    const pending = facilitator.page.locator('.connection-status__pending')
    await expect(pending).toHaveText('Votre dernière phrase n’est pas encore envoyée')
    await expect(facilitator.page.locator('.connection-status')).not.toContainText(/\d+ modification/)
    await expect(facilitator.page.locator('[data-pending-count]')).toHaveText(/^\d+ modifications en attente d’envoi$/)
    await facilitator.context.setOffline(false)
    await waitOnline(facilitator.page)
    await expect(pending).toHaveCount(0)
  })

  test('"écrit…" shows only while someone types: not at creation, gone soon after, never on a closed page', async ({ writer }) => {
    const facilitator = await writer('Animatrice')
    const url = await createPage(facilitator.page, 'Qui écrit ?', 'Réunion')
    // The template arriving is not somebody typing.
    await expect(editorOf(facilitator.page).getByRole('heading', { name: 'Participants' })).toBeVisible()
    await expect(typing(facilitator.page)).toHaveCount(0)
    await giveName(facilitator.page, 'Soizic')
    await waitOnline(facilitator.page)
    await expect(typing(facilitator.page)).toHaveCount(0)

    const gwen = await join(writer, url, 'Gwen')
    await waitOnline(gwen.page)
    await editorOf(gwen.page).locator('li p').first().click()
    await gwen.page.keyboard.type('Gwen écrit une phrase.', { delay: 20 })
    await expect(typing(facilitator.page)).toHaveCount(1)
    // The indicator lasts a few seconds after the last keystroke (features/presence/presence.ts).
    await expect(typing(facilitator.page)).toHaveCount(0, { timeout: 10_000 })

    // Typing, then the page is closed: nobody is shown writing on a closed page.
    await gwen.page.keyboard.type(' Encore une.', { delay: 20 })
    await expect(typing(facilitator.page)).toHaveCount(1)
    await facilitator.page.getByRole('button', { name: 'Partager' }).click()
    const share = facilitator.page.getByRole('dialog', { name: 'Partager la page' })
    await share.getByRole('button', { name: 'Clore la page' }).click()
    await share.getByRole('button', { name: 'Oui, clore la page' }).click()
    await expect(facilitator.page.locator('[data-access="closed"]')).toBeVisible()
    await expect(typing(facilitator.page)).toHaveCount(0, { timeout: 1_000 })
  })

  test('"Clore la page" asks before ending the meeting for everyone', async ({ writer }) => {
    const { facilitator, url } = await meeting(writer, 'Fin de réunion')
    const gwen = await join(writer, url, 'Gwen')
    await waitOnline(gwen.page)

    await facilitator.page.getByRole('button', { name: 'Partager' }).click()
    const share = facilitator.page.getByRole('dialog', { name: 'Partager la page' })
    await share.getByRole('button', { name: 'Clore la page' }).click()
    await expect(share.getByText('Clore la page pour tout le monde ?')).toBeVisible()
    await share.getByRole('button', { name: 'Annuler' }).click()
    await expect(share.getByRole('button', { name: 'Clore la page' })).toBeVisible()
    await expect(editorOf(gwen.page)).toHaveAttribute('contenteditable', 'true')
    await share.getByRole('button', { name: 'Clore la page' }).click()
    await share.getByRole('button', { name: 'Oui, clore la page' }).click()
    await expect(gwen.page.locator('[data-access="closed"]')).toContainText('Page close.')
  })

  test('one legible typeface for the whole page, bundled for offline use; a closed page’s details in even columns', async ({ writer }) => {
    const { facilitator } = await meeting(writer, 'Typographie', 'Réunion')
    await offlineReady(facilitator.page)
    await editorOf(facilitator.page).locator('li p').first().click()
    await facilitator.page.keyboard.type('Texte courant')
    await facilitator.page.getByRole('button', { name: 'Tableau' }).click()
    const families = await facilitator.page.evaluate(() =>
      ['.page-content p', '.page-content h2', '.page-content table', '#meta-place', '#page-title', '.connection-status', 'button'].map((selector) => {
        const element = document.querySelector(selector)
        return `${selector}: ${element ? getComputedStyle(element).fontFamily.split(',')[0] : 'absent'}`
      }),
    )
    for (const family of families) expect(family).toMatch(/: "Atkinson Hyperlegible Next"$/)
    const cached = await facilitator.page.evaluate(async () => {
      const found: string[] = []
      for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) found.push(request.url)
      return found.filter((url) => url.endsWith('.woff2'))
    })
    expect(cached.length).toBeGreaterThan(0)

    await facilitator.context.setOffline(true)
    await facilitator.page.reload()
    await expect(editorOf(facilitator.page)).toContainText('Texte courant')
    await facilitator.page.evaluate(() => document.fonts.ready)
    const loaded = await facilitator.page.evaluate(() => [...document.fonts].filter((face) => face.family.includes('Atkinson') && face.status === 'loaded').length)
    expect(loaded).toBeGreaterThan(0)
    await facilitator.context.setOffline(false)
    await waitOnline(facilitator.page)

    // Closed: the details read as text, in columns of one width.
    await facilitator.page.getByRole('button', { name: 'Partager' }).click()
    const share = facilitator.page.getByRole('dialog', { name: 'Partager la page' })
    await share.getByRole('button', { name: 'Clore la page' }).click()
    await share.getByRole('button', { name: 'Oui, clore la page' }).click()
    await share.getByRole('button', { name: 'Fermer' }).click()
    const fields = facilitator.page.locator('.meta-bar--read .meta-bar__field')
    await expect(fields).toHaveCount(4)
    const widths = await fields.evaluateAll((elements) => elements.map((element) => Math.round(element.getBoundingClientRect().width)))
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThanOrEqual(1)
  })
})
