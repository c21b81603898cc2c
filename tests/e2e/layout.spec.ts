// The people the QR code invites join on phones (390×844, touch); others write on a room's laptop
// (1366×768). On both: nothing scrolls sideways on the home page, the editor, the share dialog and
// the name dialog; every control is on screen and big enough for a finger; the share dialog fits
// the screen with its "Fermer" button in view.
import type { Page } from '@playwright/test'
import { createPage, editorOf, expect, giveName, test, waitOnline, type Device } from './fixtures.js'
import { layoutProblems } from './layout-checks.js'

async function expectComfortable(page: Page, where: string): Promise<void> {
  expect(await layoutProblems(page), where).toEqual([])
}

/** Opens one of the header's menus (scrolled back to on a phone, where the bar scrolls away) and checks what it shows. */
async function checkMenu(page: Page, name: string): Promise<void> {
  const summary = page.locator('summary', { hasText: name })
  await summary.scrollIntoViewIfNeeded()
  await expect(summary).toBeInViewport({ ratio: 1 })
  await summary.click()
  const list = summary.locator('xpath=..').locator('.menu__list')
  await expect(list).toBeVisible()
  await expectComfortable(page, `menu ${name}`)
  await summary.click()
  await expect(list).toBeHidden()
}

for (const device of ['phone', 'laptop'] as const satisfies Device[]) {
  test(`${device}: home, name dialog, editor, menus and share dialog fit the screen`, async ({ writer }) => {
    const facilitator = await writer('Animatrice', device)
    const page = facilitator.page
    await page.goto('/')
    await expect(page.getByRole('heading', { name: 'Nouvelle page' })).toBeVisible()
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0)
    await expectComfortable(page, 'home')

    const url = await createPage(page, 'Conseil de quartier de Bellevue, salle polyvalente', 'Réunion')
    const nameDialog = page.getByRole('dialog', { name: /Comment vous appelez-vous/ })
    await expect(nameDialog).toBeVisible()
    await expect(nameDialog.getByRole('button', { name: 'C’est parti' })).toBeInViewport({ ratio: 1 })
    await expectComfortable(page, 'name dialog')
    await giveName(page, 'Soizic')
    await waitOnline(page)
    await editorOf(page).locator('li p').first().click()
    await page.keyboard.type('Soizic, Gwen, Malo')
    await expectComfortable(page, 'editor (facilitator)')
    await checkMenu(page, 'Exporter')
    await checkMenu(page, 'Plus')

    await page.getByRole('button', { name: 'Partager' }).click()
    const share = page.getByRole('dialog', { name: 'Partager la page' })
    await expect(share.locator('svg.qr-code')).toBeVisible()
    await expect(share.getByRole('button', { name: 'Fermer' })).toBeInViewport({ ratio: 1 })
    const box = (await share.boundingBox())!
    const viewport = page.viewportSize()!
    expect(box.y).toBeGreaterThanOrEqual(0)
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height)
    await expectComfortable(page, 'share dialog')
    if (device === 'phone') await page.screenshot({ path: test.info().outputPath('phone-share-dialog.png') })
    await share.getByRole('button', { name: 'Fermer' }).click()

    // A participant joins from the QR code, on the same kind of machine.
    const participant = await writer('Participant', device)
    await participant.page.goto(url)
    await expect(participant.page.getByRole('dialog', { name: /Comment vous appelez-vous/ })).toBeVisible()
    await expectComfortable(participant.page, 'name dialog (participant)')
    await giveName(participant.page, 'Gwen')
    await waitOnline(participant.page)
    await editorOf(participant.page).locator('li p').nth(1).click()
    await participant.page.keyboard.type('Une idée notée depuis mon téléphone.')
    await expect(editorOf(page)).toContainText('Une idée notée depuis mon téléphone.')
    await expectComfortable(participant.page, 'editor (participant)')
    await checkMenu(participant.page, 'Exporter')
    await checkMenu(participant.page, 'Plus')
    if (device === 'phone') {
      await participant.page.evaluate(() => window.scrollTo(0, 0))
      await participant.page.screenshot({ path: test.info().outputPath('phone-editor.png') })
      await participant.page.screenshot({ path: test.info().outputPath('phone-editor-full.png'), fullPage: true })
    }
  })
}
