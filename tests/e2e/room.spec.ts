// Carnet in the room: join codes on the wall and in the share dialog, a novice joining from a room
// laptop with the code (timed, keystrokes counted), the room's address instead of localhost, plain
// http on the room's network (not a secure context), and a room relay's link to the city.
import { networkInterfaces } from 'node:os'
import { newEditKey } from '@carnet/core'
import type { BrowserContext, Page } from '@playwright/test'
import { startCuttableProxy } from '../support/cuttable-proxy.js'
import { startRelay, type RelayProcess } from '../support/relay-process.js'
import { addParagraph, stockClient } from '../support/stock-client.js'
import { createPage, DEVICES, editorOf, expect, giveName, offlineReady, pageIdOf, test, waitOnline } from './fixtures.js'
import { decodeQr } from './qr-code.js'

const CODE = /^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{9}$/

/** This machine's first address on a network (not loopback): where a room reaches it. */
function lanAddress(): string | null {
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) if (entry.family === 'IPv4' && !entry.internal) return entry.address
  }
  return null
}

/** The join code an element shows, checked against its `data-join-code` (the outside checks' contract). */
async function joinCodeIn(page: Page, scope = 'body'): Promise<string> {
  const element = page.locator(`${scope} [data-join-code]`)
  await expect(element).toHaveCount(1)
  const code = (await element.getAttribute('data-join-code'))!
  expect(code).toMatch(CODE)
  await expect(element).toHaveText(`${code.slice(0, 3)}-${code.slice(3, 6)}-${code.slice(6)}`)
  return code
}

async function storedText(relay: RelayProcess, pageId: string): Promise<string> {
  const res = await fetch(`${relay.httpUrl}/api/pages/${pageId}/export?format=txt`)
  return res.ok ? res.text() : ''
}

/** Counts the keys pressed and the pointer presses in every page of the context, across navigations. */
async function countInput(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const count = (kind: string) => sessionStorage.setItem(`test:${kind}`, String(Number(sessionStorage.getItem(`test:${kind}`) ?? 0) + 1))
    window.addEventListener('keydown', (event) => event.repeat || count('keys'), true)
    window.addEventListener('pointerdown', () => count('clicks'), true)
  })
}

async function inputCounts(page: Page): Promise<{ keys: number; clicks: number }> {
  return page.evaluate(() => ({ keys: Number(sessionStorage.getItem('test:keys') ?? 0), clicks: Number(sessionStorage.getItem('test:clicks') ?? 0) }))
}

test.describe('join codes', () => {
  test('a novice at a room laptop reads the code on the wall and writes their first word, without a click', async ({ writer, browser, carnet }) => {
    const facilitator = await writer('Animatrice')
    const url = await createPage(facilitator.page, 'Forum du quartier', 'Réunion')
    await giveName(facilitator.page, 'Soizic')
    await waitOnline(facilitator.page)
    const pageId = pageIdOf(url)

    // The wall, from the facilitator's computer (it holds the key): the code that writes, large.
    const wall = await facilitator.context.newPage()
    await wall.setViewportSize({ width: 1280, height: 720 })
    await wall.goto(`/p/${pageId}/projector`)
    const code = await joinCodeIn(wall, '.projector__join')
    await expect(wall.getByRole('heading', { name: 'Pour écrire avec nous' })).toBeVisible()
    const codeBox = await wall.locator('[data-join-code]').boundingBox()
    // Legible from the back of the room: letters about 40 px high on a 720-pixel-high wall.
    expect(codeBox!.height).toBeGreaterThan(35)
    await wall.screenshot({ path: test.info().outputPath('projector-join-code-1280x720.png') })

    // The share dialog gives the same code, and the one that only reads.
    await facilitator.page.getByRole('button', { name: 'Partager' }).click()
    const dialog = facilitator.page.getByRole('dialog', { name: 'Partager la page' })
    expect(await joinCodeIn(facilitator.page, '.share-dialog')).toBe(code)
    const readCode = (await dialog.locator('[data-read-join-code]').getAttribute('data-read-join-code'))!
    expect(readCode).toMatch(CODE)
    expect(readCode).not.toBe(code)
    await dialog.getByRole('button', { name: 'Fermer' }).click()

    // A room laptop: the home page, the code typed as it reads on the wall, then a name, then a word.
    const laptop = await browser.newContext({ baseURL: carnet.httpUrl, locale: 'fr-FR', ...DEVICES.laptop })
    try {
      await countInput(laptop)
      const novice = await laptop.newPage()
      const startedAt = Date.now()
      await novice.goto('/')
      await expect(novice.getByLabel('Code de la réunion')).toBeFocused()
      await novice.keyboard.type(`${code.slice(0, 3)}-${code.slice(3, 6)}-${code.slice(6)}`.toLowerCase())
      await expect(novice.getByLabel('Code de la réunion')).toHaveValue(`${code.slice(0, 3)}-${code.slice(3, 6)}-${code.slice(6)}`)
      // Not the novice's time: taken out of the figure.
      const shotAt = Date.now()
      await novice.screenshot({ path: test.info().outputPath('home-join-laptop-1366x768.png') })
      const shotMs = Date.now() - shotAt
      await novice.keyboard.press('Enter')
      await expect(novice.getByLabel('Votre prénom ou surnom')).toBeFocused()
      await novice.keyboard.type('Awa')
      await novice.keyboard.press('Enter')
      await expect(editorOf(novice)).toBeFocused()
      await novice.keyboard.type('Bonjour')
      await expect.poll(() => storedText(carnet, pageId), { intervals: [50], timeout: 30_000 }).toContain('Bonjour')
      const seconds = (Date.now() - startedAt - shotMs) / 1000
      const { keys, clicks } = await inputCounts(novice)
      // eslint-disable-next-line no-console
      console.log(`novice join: ${seconds.toFixed(1)} s of machine time from the home page to the first word stored; ${keys} keystrokes (code 11 as on the wall, Enter, name 3, Enter, word 7), ${clicks} clicks`)
      test.info().annotations.push({ type: 'novice join', description: `${seconds.toFixed(1)} s, ${keys} keystrokes, ${clicks} clicks` })
      expect(seconds).toBeLessThan(30)
      expect(clicks).toBe(0)
      expect(keys).toBe(11 + 1 + 3 + 1 + 7)
      expect(novice.url()).toBe(url)
      await expect(editorOf(facilitator.page)).toContainText('Bonjour')
    } finally {
      await laptop.close()
    }

    // The wall's own computer has only the read link: its code reads, and opens the page to read.
    const wallPc = await browser.newContext({ baseURL: carnet.httpUrl, locale: 'fr-FR', viewport: { width: 1280, height: 720 } })
    try {
      const projector = await wallPc.newPage()
      await projector.goto(`/p/${pageId}/projector`)
      expect(await joinCodeIn(projector, '.projector__join')).toBe(readCode)
      await expect(projector.getByRole('heading', { name: 'Pour lire avec nous' })).toBeVisible()
      const reader = await wallPc.newPage()
      await reader.goto(`/j/${readCode.toLowerCase()}`)
      await reader.waitForURL(`**/p/${pageId}`)
      expect(reader.url()).not.toContain('#k=')
      await expect(reader.locator('[data-access="read-only"]')).toContainText('Lecture seule.')
      await expect(editorOf(reader)).toContainText('Bonjour')
    } finally {
      await wallPc.close()
    }
  })

  test('the code field refuses what no code holds, and says why a code opens nothing', async ({ writer, browser }) => {
    const w = await writer('Participant', 'laptop')
    const page = w.page
    await page.goto('/')
    const field = page.getByLabel('Code de la réunion')
    await expect(field).toBeFocused()
    // A zero or an O: no code has one (they look alike); refused as it is typed, with the reason.
    await page.keyboard.type('k7m0')
    await expect(field).toHaveValue('K7M')
    await expect(page.locator('#join-feedback')).toHaveText(/ni 0 ni O, ni 1, I ou L, ni U/)
    await page.keyboard.type('é')
    await expect(page.locator('#join-feedback')).toHaveText('Un code ne contient que des lettres et des chiffres.')
    await page.keyboard.press('Enter')
    await expect(page.locator('#join-feedback')).toHaveText('Il manque 6 caractères : un code en a 9.')
    // A well-formed code nobody made.
    await page.keyboard.type(' zzz zzz')
    await expect(field).toHaveValue('K7M-ZZZ-ZZZ')
    await page.keyboard.press('Enter')
    await expect(page.getByRole('alert')).toHaveText(/Ce code ne mène à aucune réunion en cours/)
    await expect(field).toBeFocused()
    await expect(field).toHaveValue('K7M-ZZZ-ZZZ')

    // Typed in the address bar: the same words, the code kept in the field to be corrected.
    await page.goto('/j/K7M-ZZZ-ZZZ')
    await expect(page.getByRole('alert')).toHaveText(/Ce code ne mène à aucune réunion en cours/)
    await expect(page.getByLabel('Code de la réunion')).toHaveValue('K7M-ZZZ-ZZZ')
    await page.goto('/j/K7M0')
    await expect(page.getByRole('alert')).toHaveText(/«\sK7M0\s» n’est pas un code de réunion complet/)

    // Too many tries on one server (a whole room shares its address): a plain "wait a moment".
    const busy = await startRelay()
    const context = await browser.newContext({ baseURL: busy.httpUrl, locale: 'fr-FR' })
    try {
      const tries = await context.newPage()
      await tries.goto('/')
      await tries.getByLabel('Code de la réunion').fill('ZZZ-ZZZ-ZZZ')
      // Other laptops of the room keep guessing, on five of the browser's six connections to the server.
      await tries.evaluate(() => {
        const room = window as unknown as { guessing: boolean; refused: number }
        room.guessing = true
        room.refused = 0
        let n = 0
        const guess = async () => {
          while (room.guessing) if ((await fetch(`/api/join/guess-${n++}`, { cache: 'no-store' })).status === 429) room.refused++
        }
        for (let i = 0; i < 5; i++) void guess()
      })
      await tries.waitForFunction(() => (window as unknown as { refused: number }).refused > 0)
      // Past 60 guesses at once and 5 a second, this person's code is refused too. A token freed
      // in the meantime may fall to them once in a while: then they try again, as anyone would.
      const alert = tries.getByRole('alert')
      for (let attempt = 0; attempt < 5; attempt++) {
        await tries.getByLabel('Code de la réunion').press('Enter')
        await expect(alert).toHaveText(/Trop de codes essayés|Ce code ne mène à aucune réunion/)
        if ((await alert.textContent())!.startsWith('Trop')) break
      }
      await expect(alert).toHaveText('Trop de codes essayés sur ce Carnet en ce moment. Attendez quelques secondes, puis réessayez.')
      await tries.evaluate(() => ((window as unknown as { guessing: boolean }).guessing = false))
    } finally {
      await context.close()
      await busy.stop()
    }
  })

  test('no code before the server holds the page, none when closed, and a new one once reopened', async ({ writer, carnet }) => {
    const facilitator = await writer('Animatrice')
    // Offline from the start: the page is created here, the server has never heard of it.
    await facilitator.page.goto('/')
    await offlineReady(facilitator.page)
    await facilitator.context.setOffline(true)
    await facilitator.page.reload()
    const url = await createPage(facilitator.page, 'Préparée hors ligne')
    await giveName(facilitator.page, 'Soizic')
    await facilitator.page.getByRole('button', { name: 'Partager' }).click()
    const dialog = facilitator.page.getByRole('dialog', { name: 'Partager la page' })
    await expect(dialog.locator('[data-join-code-status="offline"]')).toHaveText('Le code apparaîtra dès que Carnet sera en ligne.')
    await facilitator.context.setOffline(false)
    // Back online, the page reaches the server; the code follows without touching anything.
    const code = await joinCodeIn(facilitator.page, '.share-dialog')
    expect((await fetch(`${carnet.httpUrl}/api/join/${code}`)).status).toBe(200)
    await dialog.getByRole('button', { name: 'Clore la page' }).click()
    await dialog.getByRole('button', { name: 'Oui, clore la page' }).click()
    await expect(dialog.locator('[data-join-code-status="closed"]')).toHaveText('La page est close : elle n’a plus de code.')
    expect((await fetch(`${carnet.httpUrl}/api/join/${code}`)).status).toBe(404)
    await dialog.getByRole('button', { name: 'Rouvrir la page' }).click()
    const again = await joinCodeIn(facilitator.page, '.share-dialog')
    expect(await (await fetch(`${carnet.httpUrl}/api/join/${again}`)).json()).toMatchObject({ pageId: pageIdOf(url) })
  })
})

test.describe('the room’s address', () => {
  test('opened at localhost on a server listening on the room’s network, every address shown is the LAN one', async ({ browser }) => {
    const lan = lanAddress()
    test.skip(lan === null, 'this machine has no network address besides loopback')
    const server = await startRelay({ env: { HOST: '0.0.0.0' } })
    const context = await browser.newContext({ baseURL: `http://localhost:${server.port}`, locale: 'fr-FR' })
    try {
      const page = await context.newPage()
      const url = await createPage(page, 'Réunion servie à la salle')
      expect(new URL(url).hostname).toBe('localhost')
      await giveName(page, 'Soizic')
      await waitOnline(page)
      const pageId = pageIdOf(url)
      const roomBase = `http://${lan}:${server.port}`
      const editUrl = `${roomBase}/p/${pageId}${new URL(url).hash}`

      await page.getByRole('button', { name: 'Partager' }).click()
      const dialog = page.getByRole('dialog', { name: 'Partager la page' })
      await expect(dialog.getByRole('textbox', { name: 'Lien pour écrire' })).toHaveValue(editUrl)
      await expect(dialog.getByRole('textbox', { name: 'Lien pour lire' })).toHaveValue(`${roomBase}/p/${pageId}`)
      expect(await decodeQr(page, '.share-dialog svg.qr-code')).toBe(editUrl)
      await expect(dialog.locator('.join-code-panel')).toContainText(`allez à ${lan}:${server.port} et tapez ce code`)
      // The room can reach this Carnet: no warning.
      await expect(dialog.locator('[data-notice="not-reachable"]')).toHaveCount(0)
      await expect(dialog).not.toContainText('localhost')

      const wall = await context.newPage()
      await wall.goto(`/p/${pageId}/projector`)
      await expect(wall.locator('.projector__address')).toHaveText(`${lan}:${server.port}`)
      await expect(wall.locator('.projector__address')).toHaveAttribute('data-join-url', editUrl)
      expect(await decodeQr(wall, '.projector__join svg.qr-code')).toBe(editUrl)
      await expect(wall.locator('.projector__side')).not.toContainText('localhost')
      // Kept for a visit without the network.
      expect(await wall.evaluate(() => JSON.parse(localStorage.getItem('carnet:instance')!).publicUrl)).toBe(roomBase)
    } finally {
      await context.close()
      await server.stop()
    }
  })

  test('a Carnet only this computer sees says so where links are given, with the command that serves the room', async ({ writer }) => {
    const w = await writer('Animatrice')
    await createPage(w.page, 'Réunion sur ce seul ordinateur')
    await giveName(w.page, 'Soizic')
    await w.page.getByRole('button', { name: 'Partager' }).click()
    const notice = w.page.getByRole('dialog', { name: 'Partager la page' }).locator('[data-notice="not-reachable"]')
    await expect(notice).toContainText('Ce Carnet n’est visible que sur cet ordinateur.')
    await expect(notice).toContainText('HOST=0.0.0.0 pnpm start')
  })
})

test('plain http on the room’s network (not a secure context): writing, reloading and copying work, nothing throws', async ({ browser }) => {
  const lan = lanAddress()
  test.skip(lan === null, 'this machine has no network address besides loopback')
  const server = await startRelay({ env: { HOST: '0.0.0.0' } })
  const origin = `http://${lan}:${server.port}`
  const context = await browser.newContext({ baseURL: origin, locale: 'fr-FR' })
  const problems: string[] = []
  try {
    const page = await context.newPage()
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('console', (message) => message.type() === 'error' && problems.push(`console error: ${message.text()}`))
    await page.goto('/')
    expect(
      await page.evaluate(() => ({
        secure: window.isSecureContext,
        serviceWorker: 'serviceWorker' in navigator,
        subtle: Boolean(globalThis.crypto.subtle),
        randomUUID: typeof (globalThis.crypto as { randomUUID?: unknown }).randomUUID,
        clipboard: Boolean(navigator.clipboard),
      })),
    ).toEqual({ secure: false, serviceWorker: false, subtle: false, randomUUID: 'undefined', clipboard: false })
    // Said once, plainly.
    const noOffline = page.locator('[data-notice="no-offline"]')
    await expect(noOffline.locator('p')).toHaveText('Sur cette adresse, Carnet ne s’ouvre pas sans réseau ; vos pages restent gardées sur cet ordinateur.')
    await noOffline.getByRole('button', { name: 'Compris' }).click()
    await expect(noOffline).toHaveCount(0)

    const url = await createPage(page, 'Atelier en http simple', 'Réunion')
    expect(url.startsWith(`${origin}/p/`)).toBe(true)
    await giveName(page, 'Awa')
    await waitOnline(page)
    await editorOf(page).locator('li p').first().click()
    await page.keyboard.type('Awa, Bernard, Chloé')
    await expect.poll(() => storedText(server, pageIdOf(url))).toContain('Awa, Bernard, Chloé')
    await page.reload()
    await expect(editorOf(page)).toContainText('Awa, Bernard, Chloé')
    await expect(page.locator('[data-notice="no-offline"]')).toHaveCount(0)

    // "Copier le lien" without the asynchronous clipboard.
    await page.getByRole('button', { name: 'Partager' }).click()
    const dialog = page.getByRole('dialog', { name: 'Partager la page' })
    await joinCodeIn(page, '.share-dialog')
    await dialog.getByRole('button', { name: 'Copier le lien' }).first().click()
    await expect(dialog.getByText('Lien copié !')).toBeVisible()
    // Pasted elsewhere: the link.
    await dialog.getByRole('button', { name: 'Fermer' }).click()
    await page.getByLabel('Titre de la page').click()
    await page.keyboard.press('End')
    await page.keyboard.press('Control+V')
    await expect(page.getByLabel('Titre de la page')).toHaveValue(`Atelier en http simple${url}`)
    // Not a word in the console: not even about Cross-Origin-Opener-Policy, which the server sends
    // only to https and loopback origins (Chromium ignores it elsewhere, and says so).
    expect(problems).toEqual([])
  } finally {
    await context.close()
    await server.stop()
  }
})

test.describe('a room relay linked to the city', () => {
  const TOKEN = 'jeton-de-la-salle-0123456789abcdef'

  test('the wall says whether the room is linked to the city, and since when it is cut off', async ({ browser }) => {
    const city = await startRelay({ env: { CARNET_ROOM_TOKENS: TOKEN } })
    const room = await startRelay({ env: { CARNET_UPSTREAM_URL: city.httpUrl, CARNET_UPSTREAM_TOKEN: TOKEN } })
    const context = await browser.newContext({ baseURL: room.httpUrl, locale: 'fr-FR' })
    try {
      await expect.poll(async () => (await (await fetch(`${room.httpUrl}/healthz`)).json()).upstream?.state).toBe('linked')
      const page = await context.newPage()
      const url = await createPage(page, 'Réunion reliée', 'Réunion')
      await giveName(page, 'Soizic')
      await waitOnline(page)
      const wall = await context.newPage()
      await wall.setViewportSize({ width: 1280, height: 720 })
      await wall.goto(`/p/${pageIdOf(url)}/projector`)
      await expect(wall.locator('[data-link]')).toHaveText('Relié à la ville')
      await expect(wall.locator('[data-link]')).toHaveAttribute('data-link', 'linked')

      // The facilitator keeps the page in the room before the meeting.
      await page.getByRole('button', { name: 'Partager' }).click()
      const dialog = page.getByRole('dialog', { name: 'Partager la page' })
      await dialog.getByRole('button', { name: 'Garder la page dans la salle' }).click()
      await expect(dialog.locator('[data-keep="kept"]')).toContainText('La page est dans la salle : elle y reste même sans Internet.')
      await page.setViewportSize({ width: 390, height: 844 })
      await page.screenshot({ path: test.info().outputPath('share-dialog-room-relay-390.png') })
      await page.setViewportSize({ width: 1280, height: 800 })

      // The city's relay goes away (its process killed): the wall says so, with the time.
      const before = Date.now()
      await city.crash()
      const cut = wall.locator('[data-link="cut"]')
      await expect(cut).toHaveText(/^Coupé de la ville depuis \d{1,2}\sh\s\d{2} — tout est gardé ici$/)
      const shown = (await cut.textContent())!.match(/(\d{1,2})\sh\s(\d{2})/)!
      const minutes = (ms: number) => new Intl.DateTimeFormat('fr-FR', { hour: 'numeric', minute: '2-digit', timeZone: 'Europe/Paris' }).format(ms)
      expect([minutes(before), minutes(Date.now())]).toContain(`${shown[1]!.padStart(2, '0')}:${shown[2]}`)
      await wall.screenshot({ path: test.info().outputPath('projector-cut-from-city-1280x720.png') })
      // The editor mentions it discreetly; the room writes on, and the wall shows it.
      await expect(page.locator('.connection-status [data-link="cut"]')).toHaveText('coupé de la ville, tout est gardé ici')
      await expect(dialog.getByRole('button', { name: 'Garder la page dans la salle' })).toBeVisible()
      await dialog.getByRole('button', { name: 'Garder la page dans la salle' }).click()
      await expect(dialog.locator('[data-keep="failed"]')).toContainText('la salle n’est pas reliée à la ville')
      await dialog.getByRole('button', { name: 'Fermer' }).click()
      await editorOf(page).locator('li p').first().click()
      await page.keyboard.type('Écrit pendant la coupure')
      await expect(wall.locator('.page-content')).toContainText('Écrit pendant la coupure')
    } finally {
      await context.close()
      await room.stop()
      await city.crash()
    }
  })

  test('when the city had the page under another key, the room’s text is shown at its new address', async ({ browser }) => {
    const city = await startRelay({ env: { CARNET_ROOM_TOKENS: TOKEN } })
    const proxy = await startCuttableProxy(city.port)
    const room = await startRelay({ env: { CARNET_UPSTREAM_URL: proxy.url, CARNET_UPSTREAM_TOKEN: TOKEN } })
    const context = await browser.newContext({ baseURL: room.httpUrl, locale: 'fr-FR' })
    const upstream = async () => (await (await fetch(`${room.httpUrl}/healthz`)).json()).upstream?.state
    const cityWriter: { destroy(): void }[] = []
    try {
      await expect.poll(upstream).toBe('linked')
      proxy.cut()
      await expect.poll(upstream).toBe('cut')
      // In the room, cut off: a page created and written with this browser's key.
      const page = await context.newPage()
      const url = await createPage(page, 'Deux clés')
      await giveName(page, 'Soizic')
      await waitOnline(page)
      await editorOf(page).click()
      await page.keyboard.type('Texte de la salle')
      const pageId = pageIdOf(url)
      await expect.poll(() => storedText(room, pageId)).toContain('Texte de la salle')
      // Meanwhile in the city, the same page id claimed with another key.
      const other = stockClient(city.syncUrl, pageId, { params: { k: newEditKey() } })
      cityWriter.push(other)
      await other.synced()
      addParagraph(other.doc, 'Texte de la ville')
      await expect.poll(() => storedText(city, pageId)).toContain('Texte de la ville')

      proxy.restore()
      const notice = page.locator('[data-notice="moved-aside"]')
      await expect(notice).toContainText('Cette page a changé d’adresse.', { timeout: 30_000 })
      const movedTo = (await notice.getAttribute('data-moved-to'))!
      expect(movedTo).not.toBe(pageId)
      // This tab let go of the relay: the city's text never mixes into the room's, and nothing more is written here.
      await expect(editorOf(page)).toHaveAttribute('contenteditable', 'false')
      await expect(editorOf(page)).toContainText('Texte de la salle')
      await expect(editorOf(page)).not.toContainText('Texte de la ville')
      await page.evaluate(() => window.scrollTo(0, 0))
      await page.screenshot({ path: test.info().outputPath('moved-aside-notice.png') })
      await notice.getByRole('link', { name: 'Ouvrir la page de la salle' }).click()
      await page.waitForURL(`**/p/${movedTo}${new URL(url).hash}`)
      await expect(editorOf(page)).toContainText('Texte de la salle')
      await expect(editorOf(page)).toHaveAttribute('contenteditable', 'true')
      await editorOf(page).click()
      await page.keyboard.press('Control+End')
      await page.keyboard.type(' et la suite')
      await expect.poll(() => storedText(room, movedTo)).toContain('Texte de la salle et la suite')
      // Both are listed on this computer, under their title.
      await page.goto('/')
      const here = page.getByRole('region', { name: 'Sur cet ordinateur' })
      await expect(here.getByRole('link', { name: 'Deux clés' })).toHaveCount(2)
      // Back at the old address: the city's page, alone, and the notice still says where the room's text went.
      await page.goto(url)
      await expect(editorOf(page)).toContainText('Texte de la ville')
      await expect(editorOf(page)).not.toContainText('Texte de la salle')
      await expect(page.locator('[data-notice="moved-aside"]')).toHaveAttribute('data-moved-to', movedTo)
    } finally {
      for (const c of cityWriter) c.destroy()
      await context.close()
      await room.stop()
      await proxy.close()
      await city.crash()
    }
  })
})
