// "Publier sur le wiki" against a real MediaWiki (Debian's 1.39, SQLite, PHP's built-in server on
// loopback): the organiser, logged into the wiki with their own account in the same browser,
// publishes from Carnet; MediaWiki's own edit form opens holding the page's wikitext and the
// summary, and saving it creates the wiki page with its categories. Carnet never sees the wiki
// account. Needs `apt-get install mediawiki php-sqlite3` (.ci/run installs them); skipped with a
// line saying so elsewhere, failed in CI.
import { startRelay, type RelayProcess } from '../support/relay-process.js'
import { mediaWikiMissing, readWikiPage, startMediaWiki, type MediaWiki } from '../support/mediawiki.js'
import { editorOf, expect, giveName, test, waitOnline } from './fixtures.js'

const missing = mediaWikiMissing()
if (missing && process.env['CI']) throw new Error(`the wiki publishing test needs MediaWiki: ${missing}`)

test.describe('publishing to the city wiki', () => {
  test.skip(missing !== null, `skipped: ${missing ?? ''}`)

  let wiki: MediaWiki
  let carnet: RelayProcess

  test.beforeAll(async () => {
    wiki = await startMediaWiki()
    carnet = await startRelay({ env: { CARNET_WIKI_URL: wiki.indexUrl, CARNET_UNLOAD_AFTER_MS: '1000' } })
  })

  test.afterAll(async () => {
    await carnet?.stop()
    await wiki?.stop()
  })

  test('opens the wiki\'s edit form with the page\'s text, and saving it creates the page with its categories', async ({ browser }) => {
    const context = await browser.newContext({ baseURL: carnet.httpUrl, locale: 'fr-FR' })
    const page = await context.newPage()

    // The organiser's own wiki session, in their browser: Carnet is never told of it.
    await page.goto(`${wiki.indexUrl}?title=Spécial:Connexion`)
    await page.locator('#wpName1').fill(wiki.user.name)
    await page.locator('#wpPassword1').fill(wiki.user.password)
    await page.locator('#wpLoginAttempt').click()
    await expect(page.locator('#pt-userpage, #pt-userpage-2').first()).toContainText(wiki.user.name)

    // A page brought in from notes written elsewhere (its front matter gives title and tags).
    await page.goto('/')
    const notes = ['---', 'title: Conseil de quartier du 14 février', 'tags: [Quartier de Bellevue, Compte rendu]', '---', '', '## Décisions', '', '- Ouvrir le **PAPI** le samedi', '- Lancer l’atelier _vélo_'].join('\n')
    await page.getByLabel('Importer une page…').setInputFiles({ name: 'conseil.md', mimeType: 'text/markdown', buffer: Buffer.from(notes) })
    await page.waitForURL(/\/p\/conseil-de-quartier-du-14-fevr-[a-z0-9]+#k=/)
    await giveName(page, 'Anne')
    await expect(editorOf(page).locator('strong')).toHaveText('PAPI')
    await waitOnline(page)

    await page.locator('.export-menu summary').click()
    const [form] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Publier sur le wiki' }).click()])
    await form.waitForLoadState()
    await expect(page.locator('.export-menu__message')).toContainText('vérifiez l’aperçu')

    // MediaWiki's own form, for the page named like the Carnet page, holding its text and the summary.
    expect(decodeURIComponent(form.url())).toContain('title=Conseil_de_quartier_du_14_février')
    const textbox = form.locator('#wpTextbox1')
    await expect(textbox).toHaveValue(/== Décisions ==/)
    await expect(textbox).toHaveValue(/\* Ouvrir le '''PAPI''' le samedi/)
    await expect(textbox).toHaveValue(/\[\[Catégorie:Quartier de Bellevue\]\]\n\[\[Catégorie:Compte rendu\]\]/)
    await expect(form.locator('#wpSummary')).toHaveValue('Compte rendu écrit avec Carnet, licence CC BY-SA 4.0')
    // The preview shows the page as the wiki will.
    await expect(form.locator('#wikiPreview')).toContainText('Ouvrir le PAPI le samedi')

    // Saved by the organiser, as themselves.
    await form.locator('#wpSave').click()
    await form.waitForURL(/Conseil_de_quartier_du_14_f/)
    await expect(form.locator('#firstHeading')).toHaveText('Conseil de quartier du 14 février')
    const published = await readWikiPage(wiki, 'Conseil de quartier du 14 février')
    expect(published).toMatchObject({
      user: wiki.user.name,
      comment: 'Compte rendu écrit avec Carnet, licence CC BY-SA 4.0',
      categories: ['Catégorie:Compte rendu', 'Catégorie:Quartier de Bellevue'],
    })
    expect(published?.text).toContain("* Lancer l’atelier ''vélo''")
    await context.close()
  })

  test('is not offered when the server names no wiki', async ({ writer }) => {
    const w = await writer('Sans wiki')
    await w.page.goto('/')
    await w.page.getByRole('button', { name: 'Nouvelle page' }).click()
    await w.page.waitForURL(/\/p\/[a-z0-9-]+#k=/)
    await giveName(w.page, 'Yann')
    await w.page.locator('.export-menu summary').click()
    await expect(w.page.getByRole('button', { name: 'Copier pour le wiki' })).toBeVisible()
    await expect(w.page.getByRole('button', { name: 'Publier sur le wiki' })).toHaveCount(0)
  })
})
