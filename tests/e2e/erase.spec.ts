// "Effacer mes pages de cet ordinateur" on a shared computer: warns when changes are unsent,
// and once everything is sent leaves no page, name or colour in the browser.
import { createPage, editorOf, expect, giveName, test, waitOnline } from './fixtures.js'
import type { Page } from '@playwright/test'

async function carnetDatabases(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? '').filter((n) => n.startsWith('carnet-page-')))
}

async function carnetStorageKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('carnet:')))
}

test('warns about unsent changes, then erases everything once they are sent', async ({ writer }) => {
  const dora = await writer('Dora')
  await createPage(dora.page, 'Atelier CV')
  await giveName(dora.page, 'Dora')
  await waitOnline(dora.page)
  await editorOf(dora.page).click()
  await dora.page.keyboard.type('Mon CV, première version.')

  await dora.context.setOffline(true)
  await expect(dora.page.locator('.connection-status')).toHaveAttribute('data-status', 'offline')
  await dora.page.keyboard.type(' Ajouté hors ligne.')
  await expect(dora.page.locator('.connection-status__pending')).toBeVisible()

  await dora.page.getByRole('link', { name: 'Accueil de Carnet' }).click()
  await expect(dora.page.locator('[data-unsent]')).toBeVisible()
  await dora.page.getByRole('button', { name: 'Effacer mes pages de cet ordinateur' }).click()
  const warning = dora.page.getByRole('alert')
  await expect(warning).toContainText('modifications qui ne sont pas encore arrivées sur le serveur')
  await warning.getByRole('button', { name: 'Ne rien effacer' }).click()
  expect(await carnetDatabases(dora.page)).toHaveLength(1)
  expect(await carnetStorageKeys(dora.page)).toContain('carnet:identity')

  // Back online: the waiting changes are sent first, then everything is erased.
  await dora.context.setOffline(false)
  await dora.page.getByRole('button', { name: 'Effacer mes pages de cet ordinateur' }).click()
  await expect(dora.page.getByText('C’est fait : vos pages et votre prénom ont été effacés de cet ordinateur.')).toBeVisible()
  expect(await carnetDatabases(dora.page)).toEqual([])
  expect(await carnetStorageKeys(dora.page)).toEqual([])
  await expect(dora.page.getByText('Aucune page ouverte sur cet ordinateur pour l’instant.')).toBeVisible()
})
