// A page's history in the browser: versions appear on the timeline as the page is written; the
// organiser reads an old one, compares it with today's page, restores it — and the restored text
// appears in another writer's open editor. A reader without the edit key is told why they cannot.
import { testWithQuickHistory as test, expect, createPage, editorOf, giveName, pageIdOf, waitOnline } from './fixtures.js'
import type { RelayProcess } from '../support/relay-process.js'
import type { VersionListResponse } from '@carnet/core'
import { until } from '../support/until.js'

/** Waits for a version of the page whose Markdown holds `text`; returns its id. */
async function versionWith(carnet: RelayProcess, pageId: string, text: string): Promise<number> {
  return until(async () => {
    const { versions } = (await (await fetch(`${carnet.httpUrl}/api/pages/${pageId}/history`)).json()) as VersionListResponse
    for (const version of versions) {
      const md = await (await fetch(`${carnet.httpUrl}/api/pages/${pageId}/history/${version.id}?format=md`)).text()
      if (md.includes(text)) return version.id
    }
    return undefined
  }, { what: `a version holding "${text}"` })
}

test('reads an old version, compares it with today, and restores it for everyone', async ({ writer, carnet }) => {
  const anne = await writer('Anne')
  const url = await createPage(anne.page, 'Atelier du jeudi')
  await giveName(anne.page, 'Anne')
  await waitOnline(anne.page)
  const pageId = pageIdOf(url)

  await editorOf(anne.page).click()
  await anne.page.keyboard.type('On garde le local le samedi.')
  const oldVersion = await versionWith(carnet, pageId, 'On garde le local le samedi.')
  await anne.page.keyboard.press('ControlOrMeta+a')
  await anne.page.keyboard.type('On ferme le local le dimanche.')
  await versionWith(carnet, pageId, 'On ferme le local le dimanche.')

  const bruno = await writer('Bruno')
  await bruno.page.goto(url)
  await giveName(bruno.page, 'Bruno')
  await expect(editorOf(bruno.page)).toContainText('On ferme le local le dimanche.')

  // The organiser opens the history in another tab of her browser, which holds the edit key.
  const history = await anne.context.newPage()
  await history.goto(`/p/${pageId}/history`)
  await expect(history.getByRole('heading', { level: 1 })).toHaveText('Historique de « Atelier du jeudi »')
  await expect(history.getByRole('link', { name: 'Revenir à la page' })).toHaveAttribute('href', `/p/${pageId}`)
  const timeline = history.locator('.timeline__button')
  expect(await timeline.count()).toBeGreaterThanOrEqual(2)
  await expect(timeline.first()).toContainText('la plus récente')
  await expect(timeline.first()).toContainText('par Anne')

  // Read the old version.
  await history.locator(`.timeline__button[data-version="${oldVersion}"]`).click()
  await expect(history.locator(`.timeline__button[data-version="${oldVersion}"]`)).toHaveAttribute('aria-pressed', 'true')
  await expect(history.locator('.history-page__paper')).toContainText('On garde le local le samedi.')
  await expect(history).toHaveURL(new RegExp(`\\?v=${oldVersion}$`))

  // Compare it with today's page: what was added since, what was removed.
  await history.getByRole('button', { name: 'Comparer avec aujourd’hui' }).click()
  const diff = history.getByTestId('version-diff')
  await expect(diff.locator('ins')).toContainText(['ferme'])
  await expect(diff.locator('del')).toContainText(['garde'])
  await expect(diff).toContainText('le local le')
  await history.screenshot({ path: test.info().outputPath('history-compare.png'), fullPage: true })

  // Restore it, after saying yes.
  const restore = history.getByRole('button', { name: 'Restaurer cette version' })
  await expect(restore).toBeEnabled()
  await restore.click()
  const confirm = history.getByRole('dialog', { name: 'Restaurer cette version ?' })
  await expect(confirm).toContainText('Rien n’est effacé')
  await confirm.getByRole('button', { name: 'Oui, restaurer' }).click()
  await expect(history.getByRole('status').filter({ hasText: 'Version restaurée' })).toBeVisible()
  await history.getByRole('button', { name: 'Lire cette version' }).click()
  await history.screenshot({ path: test.info().outputPath('history-restored.png'), fullPage: true })

  // Every open editor has the old text back.
  for (const page of [bruno.page, anne.page]) {
    await expect(editorOf(page)).toContainText('On garde le local le samedi.')
    await expect(editorOf(page)).not.toContainText('On ferme le local le dimanche.')
  }
  // Nothing was destroyed: the replaced text is still in the history, and the restore is a newer version.
  const replaced = await versionWith(carnet, pageId, 'On ferme le local le dimanche.')
  expect(replaced).toBeGreaterThan(oldVersion)
  await until(async () => ((await versionWith(carnet, pageId, 'On garde le local le samedi.')) > replaced ? true : undefined), {
    what: 'the restore saved as a version of its own',
  })
  await history.reload()
  await expect(history.locator(`.timeline__button[data-version="${replaced}"]`)).toBeVisible()
})

test('a reader without the edit key reads the history but is told why they cannot restore', async ({ writer, carnet }) => {
  const anne = await writer('Anne')
  const url = await createPage(anne.page, 'Réunion publique')
  await giveName(anne.page, 'Anne')
  await waitOnline(anne.page)
  await editorOf(anne.page).click()
  await anne.page.keyboard.type('Compte rendu lisible par tous.')
  const pageId = pageIdOf(url)
  await versionWith(carnet, pageId, 'Compte rendu lisible par tous.')

  const reader = await writer('Lecteur')
  await reader.page.goto(`/p/${pageId}/history`)
  await expect(reader.page.locator('.history-page__paper')).toContainText('Compte rendu lisible par tous.')
  await expect(reader.page.getByRole('button', { name: 'Restaurer cette version' })).toBeDisabled()
  await reader.page.screenshot({ path: test.info().outputPath('history-reader.png'), fullPage: true })
  await expect(reader.page.locator('.restore__why')).toHaveText(/Seules les personnes qui ont le lien d’écriture de la page peuvent restaurer une version/)
})
