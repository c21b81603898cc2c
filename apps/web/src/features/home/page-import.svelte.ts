// One import at a time from the home page, whether the file was chosen ("Importer une page…") or
// dropped on the page: its progress and the sentence that says why it failed.
import { t } from '../../i18n/i18n.svelte.js'
import { frenchSpacing } from '../../i18n/french-spacing.js'
import { navigate } from '../../routing/router.svelte.js'
import { pagePath } from '../../routing/routes.js'
import { rememberPage } from '../../local-pages/local-pages.svelte.js'
import { loadServerSettings } from '../../settings/server-settings.svelte.js'

export const pageImport = $state({ busy: false, message: '' })

export async function importFile(file: File): Promise<void> {
  if (pageImport.busy) return
  pageImport.busy = true
  pageImport.message = ''
  try {
    const [{ importPage, ImportError }, settings] = await Promise.all([import('../../local-pages/import-page.js'), loadServerSettings()]).catch(() => {
      // The importer's code is not on this computer yet (a first visit, offline).
      throw new Error(t('import.error.needs-server'))
    })
    try {
      const page = await importPage(file, settings)
      rememberPage(page.pageId, { title: page.title, editKey: page.editKey, lastOpened: Date.now(), canWrite: true, createdHere: true })
      navigate(`${pagePath(page.pageId)}#k=${page.editKey}`)
    } catch (error) {
      if (!(error instanceof ImportError)) pageImport.message = t('import.error.unreadable')
      // The server's sentence is already French; it gets the same typography as the catalogue.
      else if (error.reason === 'refused') pageImport.message = t('import.error.refused', { reason: frenchSpacing(error.detail) })
      else pageImport.message = t(`import.error.${error.reason}`)
    }
  } catch (error) {
    pageImport.message = (error as Error).message
  } finally {
    pageImport.busy = false
  }
}
