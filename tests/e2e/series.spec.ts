// Meetings that follow each other, in the browser: "Préparer la réunion suivante" online and
// offline (open actions move under "Actions en cours", done ones stay behind, each page links to
// the other, the archive shows them as one series), the agenda timer on a projector in another
// browser following the facilitator's "next point" (with that computer's clock minutes off), the
// decisions and actions of a project in the archive (three pages in date order; a box ticked in
// the list ticked in its page), and "who came".
import type { Page } from '@playwright/test'
import { pageBody, writePageMeta, type PmNode } from '@carnet/core'
import { jsonToFragment } from '@carnet/core/to-ydoc'
import { createPage, editorOf, expect, giveName, offlineReady, pageIdOf, test, waitOnline } from './fixtures.js'
import { stockClient } from '../support/stock-client.js'

const GARDEN = 'Jardin partagé'

/** Fills the Réunion template as a facilitator would: tags and place, participants, actions (some ticked). */
async function fillMeeting(page: Page, meeting: { participants: string[]; actions: Array<[string, boolean]>; tags?: string[]; place?: string }): Promise<void> {
  if (meeting.place) {
    await page.getByLabel('Lieu').fill(meeting.place)
    await page.getByLabel('Lieu').press('Tab')
  }
  for (const tag of meeting.tags ?? []) {
    await page.getByLabel('Étiquettes', { exact: true }).fill(tag)
    await page.getByLabel('Étiquettes', { exact: true }).press('Enter')
  }
  const editor = editorOf(page)
  await editor.locator('ul:not([data-type]) > li p').first().click()
  await page.keyboard.type(meeting.participants.join('\n'))
  const tasks = editor.locator('ul[data-type="taskList"]').last()
  await tasks.locator('li p').first().click()
  await page.keyboard.press('End')
  await page.keyboard.press('Shift+Home')
  await page.keyboard.type(meeting.actions.map(([text]) => text).join('\n'))
  for (const [index, [, done]] of meeting.actions.entries()) {
    if (done) await tasks.locator('li').nth(index).locator('input[type="checkbox"]').check()
  }
}

/** The names under "Participants", without the other writers' caret labels. */
async function participantsOf(page: Page): Promise<string[]> {
  return editorOf(page)
    .locator('h2:has-text("Participants") + ul > li')
    .evaluateAll((items) =>
      items.map((item) => {
        const clone = item.cloneNode(true) as HTMLElement
        for (const caret of clone.querySelectorAll('.collab-caret')) caret.remove()
        return clone.textContent ?? ''
      }),
    )
}

/** A day two weeks ahead (`YYYY-MM-DD`) and the title the Réunion template gives it. */
function nextMeetingDay(): { day: string; title: string } {
  const date = new Date(Date.now() + 14 * 86_400_000)
  const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`
  return { day, title: `Réunion du ${new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' }).format(date)}` }
}

async function openMenuItem(page: Page, name: string): Promise<void> {
  await page.locator('summary', { hasText: 'Plus' }).click()
  await page.getByRole('button', { name }).click()
}

const MEETING = {
  participants: ['Anne', 'Bruno', 'Chloé'],
  actions: [
    ['Qui : Anne — Quoi : acheter les graines — Pour quand : 20 mars', false],
    ['Qui : Bruno — Quoi : réparer la cabane', true],
    ['@Chloé écrit au bailleur', false],
  ] as Array<[string, boolean]>,
  tags: [GARDEN],
  place: 'Local du jardin',
}

/** The section "Actions en cours" of a page: its items and whether each is ticked. */
async function ongoingActions(page: Page): Promise<Array<[string, boolean]>> {
  const list = editorOf(page).locator('h2:has-text("Actions en cours") + ul[data-type="taskList"] > li')
  return list.evaluateAll((items) => items.map((item) => [item.querySelector('p')?.textContent ?? '', (item.querySelector('input') as HTMLInputElement).checked]))
}

test('prepares the next meeting online: open actions move, done ones stay, each page names the other', async ({ writer, request, carnet }) => {
  test.setTimeout(120_000)
  const soizic = await writer('Soizic')
  const firstUrl = await createPage(soizic.page, 'Jardin — mars', 'Réunion')
  await giveName(soizic.page, 'Soizic')
  await waitOnline(soizic.page)
  await fillMeeting(soizic.page, MEETING)

  await openMenuItem(soizic.page, 'Préparer la réunion suivante…')
  const dialog = soizic.page.getByRole('dialog', { name: 'Préparer la réunion suivante' })
  await expect(dialog).toContainText('2 actions pas encore faites seront reprises sous « Actions en cours ».')
  await expect(dialog.getByRole('checkbox')).toHaveCount(3)
  await dialog.getByRole('checkbox', { name: 'Bruno' }).uncheck()
  const next = nextMeetingDay()
  await dialog.getByLabel('Date de la prochaine réunion').fill(next.day)
  await expect(dialog.getByLabel('Titre de la nouvelle page')).toHaveValue(next.title)
  await dialog.screenshot({ path: test.info().outputPath('prepare-next-meeting-dialog.png') })
  await dialog.getByRole('button', { name: 'Créer la page' }).click()

  await soizic.page.waitForURL((url) => url.hash.startsWith('#k=') && url.pathname !== new URL(firstUrl).pathname)
  const secondUrl = soizic.page.url()
  await expect(soizic.page.getByLabel('Titre de la page')).toHaveValue(next.title)
  await expect.poll(() => ongoingActions(soizic.page)).toEqual([
    ['Qui : Anne — Quoi : acheter les graines — Pour quand : 20 mars', false],
    ['@Chloé écrit au bailleur', false],
  ])
  await expect(editorOf(soizic.page)).not.toContainText('réparer la cabane')
  await expect.poll(() => participantsOf(soizic.page)).toEqual(['Anne', 'Chloé'])
  await expect(soizic.page.getByLabel('Lieu')).toHaveValue('Local du jardin')
  await expect(soizic.page.getByRole('list', { name: 'Étiquettes de la page' })).toContainText(GARDEN)
  await expect(soizic.page.getByLabel('Date', { exact: true })).toHaveValue(next.day)
  const back = soizic.page.getByRole('navigation', { name: 'Réunions qui se suivent' }).getByRole('link', { name: /Réunion précédente/ })
  await expect(back).toContainText('Jardin — mars')
  await soizic.page.screenshot({ path: test.info().outputPath('next-meeting-page.png'), fullPage: true })

  // Back on the first page: its done action stayed, and it names the next meeting.
  await back.click()
  await soizic.page.waitForURL((url) => url.pathname === new URL(firstUrl).pathname)
  const tasks = editorOf(soizic.page).locator('ul[data-type="taskList"] > li')
  await expect(tasks.filter({ hasText: 'réparer la cabane' }).locator('input')).toBeChecked()
  await expect(tasks.filter({ hasText: 'acheter les graines' }).locator('input')).not.toBeChecked()
  await expect(soizic.page.getByRole('link', { name: /Réunion suivante/ })).toContainText(next.title)

  // The archive: both pages are one series, on one line that unfolds.
  const [first, second] = [pageIdOf(firstUrl), pageIdOf(secondUrl)]
  await expect.poll(async () => (await (await request.get(`${carnet.httpUrl}/api/series/${first}`)).json()).pages?.map((p: { id: string }) => p.id)).toEqual([second, first])
  await soizic.page.goto(`/archive?tag=${encodeURIComponent(GARDEN)}`)
  const line = soizic.page.locator('.series-line', { hasText: next.title })
  await expect(line).toContainText('Série de 2 réunions')
  await line.getByRole('button', { name: 'Voir les 2 réunions' }).click()
  await expect(line.locator('.series-line__others li')).toHaveText([/Jardin — mars/])
  await soizic.page.screenshot({ path: test.info().outputPath('archive-series-line.png'), fullPage: true })
})

test('prepares the next meeting offline: the new page is made on this computer and both reach the archive', async ({ writer, request, carnet }) => {
  test.setTimeout(120_000)
  const soizic = await writer('Soizic')
  const firstUrl = await createPage(soizic.page, 'Atelier vélo — mai', 'Réunion')
  await giveName(soizic.page, 'Soizic')
  await waitOnline(soizic.page)
  await offlineReady(soizic.page)
  await fillMeeting(soizic.page, { ...MEETING, tags: ['Atelier vélo'], place: '' })

  await soizic.context.setOffline(true)
  await expect(soizic.page.locator('.connection-status')).toHaveAttribute('data-status', 'offline')
  await openMenuItem(soizic.page, 'Préparer la réunion suivante…')
  const dialog = soizic.page.getByRole('dialog', { name: 'Préparer la réunion suivante' })
  await expect(dialog).toContainText('Hors ligne : la page est créée sur cet ordinateur')
  await dialog.getByRole('button', { name: 'Créer la page' }).click()
  await soizic.page.waitForURL((url) => url.hash.startsWith('#k=') && url.pathname !== new URL(firstUrl).pathname)
  const secondUrl = soizic.page.url()
  await expect.poll(() => ongoingActions(soizic.page)).toEqual([
    ['Qui : Anne — Quoi : acheter les graines — Pour quand : 20 mars', false],
    ['@Chloé écrit au bailleur', false],
  ])
  await expect(editorOf(soizic.page)).not.toContainText('réparer la cabane')
  const [first, second] = [pageIdOf(firstUrl), pageIdOf(secondUrl)]
  expect((await request.get(`${carnet.httpUrl}/api/pages/${second}`)).status()).toBe(404)

  // The network returns: the new page, and the first page's link to it, reach the archive.
  await soizic.context.setOffline(false)
  await waitOnline(soizic.page)
  await expect
    .poll(async () => (await (await request.get(`${carnet.httpUrl}/api/series/${second}`)).json()).pages?.map((p: { id: string }) => p.id), { timeout: 30_000 })
    .toEqual([second, first])
  const open = await (await request.get(`${carnet.httpUrl}/api/actions?series=${first}&open=1`)).json()
  // Carried to the new page, each open action is listed once, from there.
  expect(open.actions.map((a: { pageId: string; what: string }) => [a.pageId, a.what])).toEqual([
    [second, 'acheter les graines'],
    [second, 'écrit au bailleur'],
  ])
})

test('the agenda timer on a projector in another browser follows the facilitator’s next point', async ({ writer, browser, carnet }) => {
  test.setTimeout(90_000)
  const soizic = await writer('Soizic')
  const url = await createPage(soizic.page, 'Conseil du jardin', 'Réunion')
  await giveName(soizic.page, 'Soizic')
  await waitOnline(soizic.page)
  await openMenuItem(soizic.page, 'Minuteur de l’ordre du jour…')
  const dialog = soizic.page.getByRole('dialog', { name: 'Minuteur de l’ordre du jour' })
  await expect(dialog).toContainText('Aucun point')
  for (const [index, [title, minutes]] of ([['Accueil', '5'], ['Budget du jardin', '20']] as const).entries()) {
    await dialog.getByRole('button', { name: 'Ajouter un point' }).click()
    await dialog.getByLabel(`Point ${index + 1}`, { exact: true }).fill(title)
    await dialog.getByLabel(`Durée du point ${index + 1} (minutes)`).fill(minutes)
  }
  await expect(dialog).toContainText('Durée totale : 25 min')
  await dialog.screenshot({ path: test.info().outputPath('agenda-dialog.png') })
  await dialog.getByRole('button', { name: 'Démarrer le minuteur' }).click()
  const bar = soizic.page.getByRole('region', { name: 'Ordre du jour' })
  await expect(bar).toContainText('Point 1 sur 2')
  await expect(bar).toContainText('Accueil')
  await soizic.page.screenshot({ path: test.info().outputPath('editor-agenda-bar.png') })

  // The wall's computer, whose clock is seven minutes ahead: the server's clock sets it right.
  const wall = await browser.newContext({ baseURL: carnet.httpUrl, locale: 'fr-FR', viewport: { width: 1920, height: 1080 } })
  try {
    await wall.addInitScript(() => {
      const real = Date.now
      Date.now = () => real() + 7 * 60_000
    })
    const projector = await wall.newPage()
    await projector.goto(`/p/${pageIdOf(url)}/projector`)
    const clock = projector.locator('.agenda-clock')
    await expect(clock).toContainText('Ordre du jour · point 1 sur 2')
    await expect(clock.locator('.agenda-clock__item')).toHaveText('Accueil')
    await expect(clock.locator('.agenda-clock__time')).toHaveText(/encore 5 min/)
    await expect(clock).toContainText('Ensuite : Budget du jardin')
    await projector.screenshot({ path: test.info().outputPath('projector-agenda-1920x1080.png') })

    // The facilitator moves on from her laptop; the wall follows, and a reload changes nothing.
    await bar.getByRole('button', { name: 'Point suivant' }).click()
    await expect(clock.locator('.agenda-clock__item')).toHaveText('Budget du jardin')
    await expect(clock).toContainText('Ordre du jour · point 2 sur 2')
    await expect(clock.locator('.agenda-clock__time')).toHaveText(/encore 20 min/)
    await projector.reload()
    await expect(projector.locator('.agenda-clock__item')).toHaveText('Budget du jardin')
    await expect(projector.locator('.agenda-clock__time')).toHaveText(/encore 20 min/)

    // …and from her phone, to the end.
    const phone = await writer('Soizic', 'phone')
    await phone.page.goto(url)
    await giveName(phone.page, 'Soizic')
    await phone.page.getByRole('region', { name: 'Ordre du jour' }).getByRole('button', { name: 'Point suivant' }).click()
    await expect(projector.locator('.agenda-clock')).toContainText('Ordre du jour terminé')
    await expect(bar).toContainText('Ordre du jour terminé')
  } finally {
    await wall.close()
  }
})

const p = (text: string): PmNode => ({ type: 'paragraph', content: [{ type: 'text', text }] })
const h = (text: string): PmNode => ({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text }] })

test('the decisions of a topic list those of its three pages, the most recent meeting first, searchable and exportable', async ({ writer, carnet }) => {
  // Three meetings written by stock y-websocket clients, not in date order.
  const meetings = [
    { id: 'jardin-fevrier', title: 'Jardin — février', date: '2026-02-14', decisions: ['Le compost va au fond.', 'Deux bacs de plus.'] },
    { id: 'jardin-mars', title: 'Jardin — mars', date: '2026-03-14', decisions: ['Fête du jardin le 21 juin.'] },
    { id: 'jardin-janvier', title: 'Jardin — janvier', date: '2026-01-10', decisions: ['On plante des tomates.'] },
  ]
  const suffix = String(Date.now() % 100_000)
  const clients = meetings.map((meeting) => stockClient(carnet.syncUrl, `${meeting.id}-${suffix}`))
  try {
    await Promise.all(clients.map((client) => client.synced()))
    meetings.forEach((meeting, i) => {
      const doc = clients[i]!.doc
      doc.transact(() => {
        writePageMeta(doc, { title: meeting.title, date: meeting.date, tags: ['Jardin des Capucins'] })
        jsonToFragment({ type: 'doc', content: [h('Notes'), p('On a parlé.'), h('Décisions'), { type: 'bulletList', content: meeting.decisions.map((d) => ({ type: 'listItem', content: [p(d)] })) }] }, pageBody(doc))
      })
    })
    const visitor = await writer('Organisatrice')
    await visitor.page.goto(`/archive?tag=${encodeURIComponent('Jardin des Capucins')}`)
    await visitor.page.getByRole('navigation', { name: 'Vues de l’archive' }).getByRole('link', { name: 'Décisions' }).click()
    await expect(visitor.page).toHaveURL(/\/archive\/decisions\?tag=Jardin/)
    await expect(visitor.page.getByLabel('Thème', { exact: true })).toHaveValue('Jardin des Capucins')
    const meetingsShown = visitor.page.locator('.meeting')
    await expect(async () => {
      await visitor.page.reload()
      await expect(meetingsShown.locator('.meeting__heading a')).toHaveText(['Jardin — mars', 'Jardin — février', 'Jardin — janvier'], { timeout: 2_000 })
    }).toPass({ timeout: 20_000 })
    await expect(visitor.page.locator('.decision')).toHaveText(['Fête du jardin le 21 juin.', 'Le compost va au fond.', 'Deux bacs de plus.', 'On plante des tomates.'])
    await expect(meetingsShown.first().locator('time')).toHaveText('samedi 14 mars 2026')
    await expect(visitor.page.getByRole('status').first()).toHaveText('4 décisions')
    await visitor.page.screenshot({ path: test.info().outputPath('decisions-view.png'), fullPage: true })

    await visitor.page.getByLabel('Chercher dans la liste').fill('COMPOST')
    await expect(visitor.page.locator('.decision')).toHaveText(['Le compost va au fond.'])
    await visitor.page.getByLabel('Chercher dans la liste').fill('')
    const download = visitor.page.waitForEvent('download')
    await visitor.page.getByRole('button', { name: 'Télécharger en Markdown' }).click()
    const markdown = await (await download).createReadStream().then(async (stream) => {
      const chunks: Buffer[] = []
      for await (const chunk of stream) chunks.push(chunk as Buffer)
      return Buffer.concat(chunks).toString('utf8')
    })
    expect(markdown).toContain('# Décisions — Jardin des Capucins')
    expect(markdown.indexOf('Jardin — mars')).toBeLessThan(markdown.indexOf('Jardin — janvier'))
    expect(markdown).toContain(`## 14 mars 2026 — [Jardin — mars](${carnet.httpUrl}/p/jardin-mars-${suffix})`)
  } finally {
    for (const client of clients) client.destroy()
  }
})

test('a decision marked from the toolbar joins the list; a box ticked in the actions list is ticked in its page', async ({ writer, browser, carnet }) => {
  test.setTimeout(90_000)
  const soizic = await writer('Soizic')
  const url = await createPage(soizic.page, 'Atelier couture', 'Réunion')
  await giveName(soizic.page, 'Soizic')
  await waitOnline(soizic.page)
  await fillMeeting(soizic.page, { participants: ['Anne'], actions: [['@Anne achète le tissu pour le 2026-05-02', false], ['Ranger les machines', false]], tags: ['Couture'] })
  // A decision written in the notes, marked with the toolbar's button.
  await editorOf(soizic.page).locator('h2:has-text("Notes") + p').click()
  await soizic.page.keyboard.type('On se retrouve le jeudi.')
  await soizic.page.getByRole('toolbar').getByRole('button', { name: 'Décision (marquer le paragraphe)' }).click()
  await expect(editorOf(soizic.page).locator('h2:has-text("Notes") + p')).toHaveText('Décision : On se retrouve le jeudi.')

  // The archive indexes a page a moment after its changes: the list is read again until it is there.
  await soizic.page.goto(`/archive/decisions?tag=Couture`)
  await expect(async () => {
    await soizic.page.reload()
    await expect(soizic.page.locator('.decision')).toHaveText(['On se retrouve le jeudi.'], { timeout: 2_000 })
  }).toPass({ timeout: 20_000 })
  await soizic.page.getByRole('navigation', { name: 'Vues de l’archive' }).getByRole('link', { name: 'Actions' }).click()
  const actions = soizic.page.locator('.action')
  await expect(actions.locator('.action__text')).toHaveText(['achète le tissu', 'Ranger les machines'])
  await expect(actions.first()).toContainText('Qui : Anne')
  await expect(actions.first()).toContainText('Pour quand : samedi 2 mai 2026')
  await soizic.page.screenshot({ path: test.info().outputPath('actions-view.png'), fullPage: true })

  // Bruno has the page open; Soizic ticks "Ranger les machines" in the list: it is ticked in the page.
  const bruno = await writer('Bruno')
  await bruno.page.goto(url)
  await giveName(bruno.page, 'Bruno')
  const brunoTask = editorOf(bruno.page).locator('ul[data-type="taskList"] > li', { hasText: 'Ranger les machines' })
  await expect(brunoTask.locator('input')).not.toBeChecked()
  await soizic.page.getByRole('checkbox', { name: 'Ranger les machines' }).check()
  await expect(brunoTask.locator('input')).toBeChecked()
  await expect.poll(async () => (await (await soizic.page.request.get(`/api/actions?tag=Couture&open=1`)).json()).actions.map((a: { what: string }) => a.what)).toEqual(['achète le tissu'])

  // A computer without the page's edit key reads the list, its boxes read-only, and is told why.
  const elsewhere = await browser.newContext({ baseURL: carnet.httpUrl, locale: 'fr-FR' })
  try {
    const page = await elsewhere.newPage()
    await page.goto('/archive/actions?tag=Couture')
    await expect(page.getByRole('checkbox', { name: 'achète le tissu' })).toBeDisabled()
    await expect(page.getByText('cet ordinateur n’a pas le lien pour écrire de leur page')).toBeVisible()
  } finally {
    await elsewhere.close()
  }
})

test('who came: the facilitator notes the names present, and each person may take theirs out', async ({ writer }) => {
  test.setTimeout(90_000)
  const soizic = await writer('Soizic')
  const url = await createPage(soizic.page, 'Réunion des bénévoles', 'Réunion')
  await giveName(soizic.page, 'Soizic')
  await waitOnline(soizic.page)
  const bruno = await writer('Bruno')
  await bruno.page.goto(url)
  await giveName(bruno.page, 'Bruno')
  await expect(soizic.page.getByRole('group', { name: 'Personnes sur la page' })).toContainText('Bruno')

  // Nothing is written until the facilitator asks.
  await expect.poll(() => participantsOf(soizic.page)).toEqual([''])
  await openMenuItem(soizic.page, 'Noter qui est venu…')
  const dialog = soizic.page.getByRole('dialog', { name: 'Qui est venu ?' })
  await expect(dialog.getByRole('checkbox')).toHaveCount(2)
  await dialog.getByRole('button', { name: 'Ajouter à « Participants »' }).click()
  await expect.poll(() => participantsOf(soizic.page)).toEqual(['Soizic', 'Bruno'])
  await expect.poll(() => participantsOf(bruno.page)).toEqual(['Soizic', 'Bruno'])

  // Bruno is told, and takes his name out.
  const notice = bruno.page.getByRole('status').filter({ hasText: 'Votre prénom (Bruno) a été ajouté à la liste des participants.' })
  await expect(notice).toBeVisible()
  await bruno.page.screenshot({ path: test.info().outputPath('who-came-notice.png') })
  await notice.getByRole('button', { name: 'Retirer mon nom des participants' }).click()
  await expect.poll(() => participantsOf(bruno.page)).toEqual(['Soizic'])
  await expect.poll(() => participantsOf(soizic.page)).toEqual(['Soizic'])
})
