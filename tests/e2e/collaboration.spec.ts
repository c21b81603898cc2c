// Two people write the same page from two browsers: each sees the other's words and caret.
import { createPage, editorOf, expect, giveName, test, waitOnline } from './fixtures.js'

test('two writers see each other’s text and caret name', async ({ writer }) => {
  const anne = await writer('Anne')
  const url = await createPage(anne.page, 'Réunion du jardin partagé')
  await giveName(anne.page, 'Anne')
  await waitOnline(anne.page)
  await expect(anne.page).toHaveTitle('Réunion du jardin partagé — Carnet')

  const bruno = await writer('Bruno')
  await bruno.page.goto(url)
  await giveName(bruno.page, 'Bruno')
  await waitOnline(bruno.page)
  await expect(bruno.page.getByLabel('Titre de la page')).toHaveValue('Réunion du jardin partagé')

  await editorOf(anne.page).click()
  await anne.page.keyboard.type('Ordre du jour : les semis de printemps.')
  await expect(editorOf(bruno.page)).toContainText('Ordre du jour : les semis de printemps.')

  await editorOf(bruno.page).press('End')
  await editorOf(bruno.page).press('Enter')
  await bruno.page.keyboard.type('Décision : on plante samedi.')
  await expect(editorOf(anne.page)).toContainText('Décision : on plante samedi.')

  // Each sees the other's caret, labelled with their name.
  await expect(anne.page.locator('.collab-caret__label', { hasText: 'Bruno' })).toBeVisible()
  await expect(bruno.page.locator('.collab-caret__label', { hasText: 'Anne' })).toBeVisible()
  // And both are listed as present.
  await expect(anne.page.locator('.presence__person')).toHaveCount(2)

  await anne.page.screenshot({ path: test.info().outputPath('two-writers-anne.png') })
})

test('an address nobody has written at says so, until the page holds something', async ({ writer }) => {
  const guest = await writer('Invité')
  await guest.page.goto('/p/reunion-adresse-mal-recopiee')
  await giveName(guest.page, 'Gaël')
  const notice = guest.page.locator('[data-notice="empty-page"]')
  await expect(notice).toContainText('Personne n’a encore écrit à cette adresse.')
  await editorOf(guest.page).click()
  await guest.page.keyboard.type('Je commence la page.')
  await expect(notice).toHaveCount(0)
})

test('a newcomer is offered a colour nobody on the page has yet', async ({ writer }) => {
  const [anne, bruno] = [await writer('Anne'), await writer('Bruno')]
  // Both browsers would draw the same first colour.
  for (const w of [anne, bruno]) await w.context.addInitScript(() => (Math.random = () => 0))
  const url = await createPage(anne.page, 'Couleurs')
  await giveName(anne.page, 'Anne')
  await waitOnline(anne.page)
  const anneColor = await anne.page.evaluate(() => JSON.parse(localStorage.getItem('carnet:identity') ?? '{}').color as string)

  await bruno.page.goto(url)
  const chosen = bruno.page.getByRole('dialog').locator('input[name="writer-color"]:checked')
  await expect(chosen).not.toHaveValue(anneColor)
  await giveName(bruno.page, 'Bruno')
})
