// axe-core on the three pages people use most: no serious or critical violation.
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { createPage, editorOf, expect, giveName, pageIdOf, test, waitOnline } from './fixtures.js'

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

test('home, editor and projector have no serious or critical accessibility violation', async ({ writer }) => {
  const w = await writer('Axe')
  await w.page.goto('/')
  await expect(w.page.getByRole('heading', { name: 'Nouvelle page' })).toBeVisible()
  expect(await seriousViolations(w.page)).toEqual([])

  const url = await createPage(w.page, 'Réunion accessible', 'Réunion')
  await giveName(w.page, 'Awa')
  await waitOnline(w.page)
  await editorOf(w.page).locator('li p').first().click()
  await w.page.keyboard.type('Awa, Bernard')
  expect(await seriousViolations(w.page)).toEqual([])

  // Large text and the share dialog too.
  await w.page.locator('summary', { hasText: 'Plus' }).click()
  await w.page.getByRole('button', { name: 'Grand texte' }).click()
  await expect(w.page.locator('html')).toHaveClass(/large-text/)
  await w.page.getByRole('button', { name: 'Partager' }).click()
  await expect(w.page.getByRole('dialog', { name: 'Partager la page' }).locator('svg.qr-code')).toBeVisible()
  expect(await seriousViolations(w.page)).toEqual([])
  await w.page.keyboard.press('Escape')
  await w.page.setViewportSize({ width: 1024, height: 640 })
  await w.page.screenshot({ path: test.info().outputPath('editor-1024x640-large-text.png') })

  const projector = await w.context.newPage()
  await projector.goto(`/p/${pageIdOf(url)}/projector`)
  await expect(projector.locator('.projector__title')).toHaveText('Réunion accessible')
  expect(await seriousViolations(projector)).toEqual([])
})
