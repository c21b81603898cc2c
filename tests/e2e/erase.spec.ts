// "Effacer mes pages de cet ordinateur" on a shared computer: warns when changes are unsent,
// and once everything is sent leaves no page, name or colour in the browser.
import { createPage, editorOf, expect, giveName, pageIdOf, test, waitOnline } from './fixtures.js'
import { startRelay } from '../support/relay-process.js'
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
  // Only when it was erased, so that "Pages récentes" does not show Dora's meetings to the next person.
  expect(await carnetStorageKeys(dora.page)).toEqual(['carnet:recent-since'])
  await expect(dora.page.getByText('Aucune page ouverte sur cet ordinateur pour l’instant.')).toBeVisible()
})

test('after "Ne rien effacer", the waiting changes leave as soon as the relay can be reached, without a reload', async ({ browser }) => {
  // The relay goes away while the browser believes it is online: no 'online' event will ever come.
  let relay = await startRelay()
  const port = relay.port
  const context = await browser.newContext({ baseURL: relay.httpUrl, locale: 'fr-FR' })
  try {
    const page = await context.newPage()
    const url = await createPage(page, 'Atelier du mardi')
    await giveName(page, 'Dora')
    await waitOnline(page)
    await editorOf(page).click()
    await page.keyboard.type('Début.')
    await expect(page.locator('.connection-status__pending')).toHaveCount(0)
    await relay.stop()
    await expect(page.locator('.connection-status')).toHaveAttribute('data-status', 'offline')
    await page.keyboard.type(' Écrit pendant la panne.')
    await expect(page.locator('.connection-status__pending')).toBeVisible()

    await page.getByRole('link', { name: 'Accueil de Carnet' }).click()
    await expect(page.locator('[data-unsent]')).toBeVisible()
    await page.getByRole('button', { name: 'Effacer mes pages de cet ordinateur' }).click()
    const warning = page.getByRole('alert')
    await expect(warning).toContainText('modifications qui ne sont pas encore arrivées sur le serveur')
    await warning.getByRole('button', { name: 'Ne rien effacer' }).click()
    await expect(page.locator('[data-unsent]')).toBeVisible()

    relay = await startRelay({ dataDir: relay.dataDir, port })
    await expect(page.locator('[data-unsent]')).toHaveCount(0)
    const markdown = await (await fetch(`${relay.httpUrl}/api/pages/${pageIdOf(url)}/export?format=md`)).text()
    expect(markdown).toContain('Début. Écrit pendant la panne.')
  } finally {
    await context.close()
    await relay.crash()
  }
})

test('after an erase, "Pages récentes" no longer shows the previous person’s meetings', async ({ writer }) => {
  const dora = await writer('Dora')
  await createPage(dora.page, 'Rendez-vous CAF de Dora')
  await giveName(dora.page, 'Dora')
  await waitOnline(dora.page)
  await editorOf(dora.page).click()
  await dora.page.keyboard.type('Pièces à apporter.')
  await expect(dora.page.locator('.connection-status__pending')).toHaveCount(0)
  await dora.page.getByRole('link', { name: 'Accueil de Carnet' }).click()
  const recent = dora.page.getByRole('region', { name: 'Pages récentes' })
  // The archive files the page a moment after its changes.
  await expect(async () => {
    await dora.page.reload()
    await expect(recent).toContainText('Rendez-vous CAF de Dora', { timeout: 1_000 })
  }).toPass()

  await dora.page.getByRole('button', { name: 'Effacer mes pages de cet ordinateur' }).click()
  await expect(dora.page.getByText('C’est fait : vos pages et votre prénom ont été effacés de cet ordinateur.')).toBeVisible()
  await expect(recent).not.toContainText('Rendez-vous CAF de Dora')
  await dora.page.reload()
  await expect(recent).toBeVisible()
  await expect(dora.page.locator('[aria-busy="true"]')).toHaveCount(0)
  await expect(recent).not.toContainText('Rendez-vous CAF de Dora')

  // The next person's own page is listed as usual.
  await createPage(dora.page, 'Atelier de Malo')
  await giveName(dora.page, 'Malo')
  await waitOnline(dora.page)
  await editorOf(dora.page).click()
  await dora.page.keyboard.type('Bonjour.')
  await expect(dora.page.locator('.connection-status__pending')).toHaveCount(0)
  await dora.page.getByRole('link', { name: 'Accueil de Carnet' }).click()
  await expect(async () => {
    await dora.page.reload()
    await expect(recent).toContainText('Atelier de Malo', { timeout: 1_000 })
  }).toPass()
  await expect(recent).not.toContainText('Rendez-vous CAF de Dora')
})
