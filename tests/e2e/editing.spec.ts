// Writing a page with the toolbar and the keyboard: every kind of block and mark reaches the other
// writer and the archive's exports; undo only takes back one's own changes; "Qui a écrit quoi"
// colours each writer's words.
import { createPage, editorOf, expect, giveName, pageIdOf, pageText, test, waitOnline } from './fixtures.js'

test('headings, marks, lists, tasks, quote, link and table reach the others and the exports', async ({ writer, carnet, request }) => {
  const anne = await writer('Anne')
  const url = await createPage(anne.page, 'Mise en forme')
  await giveName(anne.page, 'Anne')
  await waitOnline(anne.page)
  const page = anne.page
  const editor = editorOf(page)
  const toolbar = page.getByRole('toolbar', { name: 'Mise en forme' })

  await editor.click()
  // Once a style is chosen, the text has the focus back at once (what is typed next is text).
  const styles = toolbar.getByLabel('Style du paragraphe')
  // Read on the window, after the page's own handler (Svelte's, delegated to the app's root).
  await styles.evaluate((list) =>
    window.addEventListener('change', (event) => {
      if (event.target === list) list.toggleAttribute('data-test-kept-focus', document.activeElement === list)
    }),
  )
  // A person's click gives the list the focus; Playwright's choice alone would not.
  await styles.focus()
  await styles.selectOption({ label: 'Titre 2' })
  await expect(styles).not.toHaveAttribute('data-test-kept-focus')
  await page.keyboard.type('Décisions')
  await page.keyboard.press('Enter')
  await page.keyboard.type('Le local ouvre ')
  await page.keyboard.press('Control+b')
  await page.keyboard.type('samedi')
  await page.keyboard.press('Control+b')
  await page.keyboard.type(' et ')
  await page.keyboard.press('Control+i')
  await page.keyboard.type('dimanche')
  await page.keyboard.press('Control+i')
  await page.keyboard.press('Enter')

  await toolbar.getByRole('button', { name: 'Liste à puces' }).click()
  await page.keyboard.type('Affiches')
  await page.keyboard.press('Enter')
  await page.keyboard.type('Clés')
  await page.keyboard.press('Enter')
  await page.keyboard.press('Enter')

  await toolbar.getByRole('button', { name: 'Actions (cases à cocher)' }).click()
  await page.keyboard.type('Prévenir la mairie')
  await page.keyboard.press('Enter')
  await page.keyboard.press('Enter')

  // A click on a button never takes the focus from the text: letters typed at once after it (a
  // slow laptop gives the focus back a frame late) must land in the page.
  await toolbar.evaluate((bar) => bar.addEventListener('focusin', () => bar.setAttribute('data-test-focused', '')))
  await toolbar.getByRole('button', { name: 'Citation' }).click()
  await expect(toolbar).not.toHaveAttribute('data-test-focused')
  await page.keyboard.type('Un lieu ouvert à tous.')
  await page.keyboard.press('Enter')
  await page.keyboard.press('Enter')

  await page.keyboard.type('Le wiki de Brest')
  await page.keyboard.press('Shift+Home')
  await toolbar.getByRole('button', { name: 'Lien' }).click()
  const linkDialog = page.getByRole('dialog', { name: 'Lien' })
  await linkDialog.getByLabel('Adresse du lien').fill('javascript:alert(1)')
  await linkDialog.getByRole('button', { name: 'Valider' }).click()
  await expect(linkDialog.getByRole('alert')).toContainText('pas un lien web valable')
  await linkDialog.getByLabel('Adresse du lien').fill('wiki-brest.net')
  await linkDialog.getByRole('button', { name: 'Valider' }).click()
  await expect(editor.locator('a[href="https://wiki-brest.net/"]')).toHaveText('Le wiki de Brest')
  await page.keyboard.press('End')
  await page.keyboard.press('Enter')

  await toolbar.getByRole('button', { name: 'Tableau' }).click()
  await page.keyboard.type('Qui')
  await page.keyboard.press('Tab')
  await page.keyboard.type('Quoi')
  // Rows and columns come and go from the toolbar, next to the cell clicked.
  const table = editor.locator('table')
  const headings = table.locator('tr').first().locator('th')
  await expect(headings.nth(1)).toHaveText('Quoi')
  await headings.nth(1).click()
  await toolbar.getByRole('button', { name: 'Ajouter une colonne' }).click()
  await expect(headings).toHaveCount(4)
  // Into the new column, after "Quoi": that column goes.
  await headings.nth(2).click()
  await toolbar.getByRole('button', { name: 'Supprimer la colonne' }).click()
  await expect(headings).toHaveCount(3)
  await expect(headings.nth(1)).toHaveText('Quoi')
  await table.locator('th').first().click()
  await toolbar.getByRole('button', { name: 'Ajouter une ligne' }).click()
  await expect(table.locator('tr')).toHaveCount(4)
  // Into the new row, under the headings: that row goes.
  await table.locator('tr').nth(1).locator('td').first().click()
  await toolbar.getByRole('button', { name: 'Supprimer la ligne' }).click()
  await expect(table.locator('tr')).toHaveCount(3)
  await expect(table.locator('th').first()).toHaveText('Qui')

  // Another writer sees the same structure.
  const bruno = await writer('Bruno')
  await bruno.page.goto(url)
  await giveName(bruno.page, 'Bruno')
  const seen = editorOf(bruno.page)
  await expect(seen.getByRole('heading', { level: 2, name: 'Décisions' })).toBeVisible()
  await expect(seen.locator('strong')).toHaveText('samedi')
  await expect(seen.locator('em')).toHaveText('dimanche')
  await expect(seen.locator('ul:not([data-type]) > li')).toHaveCount(2)
  await expect(seen.locator('ul[data-type="taskList"] > li')).toHaveCount(1)
  await expect(seen.locator('blockquote')).toContainText('Un lieu ouvert à tous.')
  await expect(seen.locator('a[href="https://wiki-brest.net/"]')).toHaveText('Le wiki de Brest')
  await expect(seen.locator('table th').first()).toHaveText('Qui')

  const pageId = pageIdOf(url)
  await expect
    .poll(async () => (await request.get(`${carnet.httpUrl}/api/pages/${pageId}/export?format=md`)).text())
    .toContain('| Qui | Quoi |')
  const md = await (await request.get(`${carnet.httpUrl}/api/pages/${pageId}/export?format=md`)).text()
  for (const piece of ['## Décisions', 'Le local ouvre **samedi** et *dimanche*', '- Affiches', '> Un lieu ouvert à tous.', '[Le wiki de Brest](https://wiki-brest.net/)']) {
    expect(md).toContain(piece)
  }
  // A list right after another gets the other bullet, so that Markdown keeps them apart.
  expect(md).toMatch(/^[-*] \[ \] Prévenir la mairie$/m)
  const wiki = await (await request.get(`${carnet.httpUrl}/api/pages/${pageId}/export?format=wiki`)).text()
  for (const piece of ['== Décisions ==', "'''samedi'''", "''dimanche''", '* Affiches', '[https://wiki-brest.net/ Le wiki de Brest]', '{| class="wikitable"']) {
    expect(wiki).toContain(piece)
  }
})

test('undo takes back only one’s own changes; authorship colours show who wrote what', async ({ writer }) => {
  const anne = await writer('Anne')
  const url = await createPage(anne.page, 'Annuler')
  await giveName(anne.page, 'Anne')
  const bruno = await writer('Bruno')
  await bruno.page.goto(url)
  await giveName(bruno.page, 'Bruno')
  await waitOnline(anne.page)
  await waitOnline(bruno.page)

  await editorOf(anne.page).click()
  await anne.page.keyboard.type('Phrase d’Anne.')
  await expect(editorOf(bruno.page)).toContainText('Phrase d’Anne.')
  await editorOf(bruno.page).click()
  await editorOf(bruno.page).press('Control+End')
  await bruno.page.keyboard.press('Enter')
  await bruno.page.keyboard.type('Phrase de Bruno.')
  await expect(editorOf(anne.page)).toContainText('Phrase de Bruno.')

  // Anne's undo removes her own sentence, never Bruno's.
  await editorOf(anne.page).press('Control+z')
  await expect(editorOf(anne.page)).not.toContainText('Phrase d’Anne.')
  await expect(editorOf(anne.page)).toContainText('Phrase de Bruno.')
  await expect(editorOf(bruno.page)).not.toContainText('Phrase d’Anne.')
  await editorOf(anne.page).press('Control+Shift+z')
  // Read without the carets: Anne's, with her name, may stand inside her restored sentence.
  await expect.poll(() => pageText(bruno.page)).toContain('Phrase d’Anne.')

  // "Qui a écrit quoi": each sentence in its writer's colour, with a legend.
  await anne.page.locator('summary', { hasText: 'Plus' }).click()
  await anne.page.getByRole('button', { name: 'Qui a écrit quoi (couleurs)' }).click()
  const legend = anne.page.getByRole('list', { name: 'Couleur de chaque personne qui a écrit' })
  await expect(legend.getByRole('listitem')).toHaveText(['Anne', 'Bruno'])
  const colourOf = async (text: string) =>
    editorOf(anne.page).locator('.authored', { hasText: text }).first().evaluate((el) => getComputedStyle(el).getPropertyValue('--author-color').trim())
  const anneColour = await colourOf('Phrase d’Anne.')
  const brunoColour = await colourOf('Phrase de Bruno.')
  expect(anneColour).toMatch(/^#[0-9a-f]{6}$/i)
  expect(brunoColour).toMatch(/^#[0-9a-f]{6}$/i)
  const chosen = await anne.page.evaluate(() => JSON.parse(localStorage.getItem('carnet:identity') ?? '{}').color)
  expect(anneColour.toLowerCase()).toBe(String(chosen).toLowerCase())
})

test('the toolbar stays under the page bar when the bar takes two lines (offline, small screen)', async ({ writer }) => {
  const bea = await writer('Béatrice')
  await bea.page.setViewportSize({ width: 1024, height: 640 })
  await createPage(bea.page, 'Barre sur deux lignes', 'Réunion')
  await giveName(bea.page, 'Béatrice-Marie de la Médiathèque')
  await waitOnline(bea.page)
  await bea.context.setOffline(true)
  await expect(bea.page.locator('.connection-status')).toHaveAttribute('data-status', 'offline')
  await editorOf(bea.page).locator('ul[data-type="taskList"] li').last().click()
  await bea.page.keyboard.type('Écrit hors ligne.')
  await bea.page.mouse.wheel(0, 3000)

  const bar = bea.page.locator('.page-bar')
  const toolbar = bea.page.getByRole('toolbar', { name: 'Mise en forme' })
  await expect(toolbar).toBeInViewport()
  // The case at hand: the bar is taller than one line.
  expect((await bar.boundingBox())!.height).toBeGreaterThan(70)
  await expect
    .poll(async () => {
      const [barBox, toolbarBox] = [await bar.boundingBox(), await toolbar.boundingBox()]
      return barBox && toolbarBox ? toolbarBox.y - (barBox.y + barBox.height) : null
    })
    .toBeGreaterThanOrEqual(-1)
  await bea.context.setOffline(false)
})

test('an address pasted over selected words links them when it is a web or mail address, and only then', async ({ writer }) => {
  const anne = await writer('Anne')
  await createPage(anne.page, 'Liens collés')
  await giveName(anne.page, 'Anne')
  const page = anne.page
  const editor = editorOf(page)
  /** Pastes `text` as the clipboard would, over the current selection. */
  const paste = (text: string) =>
    editor.evaluate((element, text) => {
      const data = new DataTransfer()
      data.setData('text/plain', text)
      element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    }, text)

  await editor.click()
  await page.keyboard.type('le wiki')
  await page.keyboard.press('Shift+Home')
  await paste('https://wiki-brest.net/Accueil')
  await expect(editor.locator('a[href="https://wiki-brest.net/Accueil"]')).toHaveText('le wiki')

  // Typed addresses stay text: no link made while typing.
  await page.keyboard.press('End')
  await page.keyboard.press('Enter')
  await page.keyboard.type('voir https://exemple.org ici')
  await expect(editor.locator('a')).toHaveCount(1)

  // An address Carnet does not link to replaces the words as plain text, as any paste does.
  await page.keyboard.press('Enter')
  await page.keyboard.type('le fichier')
  await page.keyboard.press('Shift+Home')
  await paste('file:///etc/passwd')
  await expect(editor).toContainText('file:///etc/passwd')
  await expect(editor.locator('a')).toHaveCount(1)
})
