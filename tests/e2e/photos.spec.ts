// Photos of the meeting in the browser: one taken on a phone appears for a second writer (resized,
// without its location — read back from the archive), the projector shows it large and the history
// in its versions; one added offline appears at once, survives a reload and reaches the others when
// the network returns; the others see a placeholder meanwhile, never a broken image; undo removes it.
import type { Page } from '@playwright/test'
import type { PageJson, VersionListResponse } from '@carnet/core'
import { readPhotoAddress } from '@carnet/core'
import { createPage, editorOf, expect, giveName, offlineReady, pageIdOf, testWithQuickHistory as test, waitOnline } from './fixtures.js'
import { startRelay, type RelayProcess } from '../support/relay-process.js'
import { phonePhoto, photoFacts } from '../support/phone-photo.js'
import { until } from '../support/until.js'

let cameraPhoto: Buffer
test.beforeAll(async () => {
  cameraPhoto = await phonePhoto()
})

const photoFile = (name = 'IMG_2041.jpg') => ({ name, mimeType: 'image/jpeg', buffer: cameraPhoto })

/** The page's photos as the archive holds them (its `image` nodes). */
async function storedPhotos(carnet: RelayProcess, pageId: string): Promise<Array<{ src: string; alt: string }>> {
  const json = (await (await fetch(`${carnet.httpUrl}/api/pages/${pageId}/export?format=json`)).json()) as PageJson
  return (json.body.content ?? []).filter((node) => node.type === 'image').map((node) => ({ src: String(node.attrs?.['src']), alt: String(node.attrs?.['alt'] ?? '') }))
}

function photoIn(page: Page) {
  return editorOf(page).locator('.page-photo')
}

/** Shown: the picture decoded, not a placeholder and not a broken image. */
async function expectShown(page: Page, figure = photoIn(page).first()): Promise<void> {
  await expect(figure).toHaveAttribute('data-photo-state', 'shown')
  await expect(figure.locator('img')).toBeVisible()
  expect(await figure.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
}

test('a photo taken on a phone appears for a second writer, without its location, large on the projector and in the history', async ({ writer, browser, carnet }) => {
  const anne = await writer('Anne', 'phone')
  const url = await createPage(anne.page, 'Atelier mobilité')
  await giveName(anne.page, 'Anne')
  await waitOnline(anne.page)
  await editorOf(anne.page).click()
  await anne.page.keyboard.type('Le paperboard du groupe vert :')

  // "Photo" offers the camera or the gallery on a phone.
  await anne.page.getByRole('toolbar').getByText('Photo', { exact: true }).click()
  await expect(anne.page.getByRole('button', { name: 'Prendre une photo' })).toBeVisible()
  const chooser = anne.page.waitForEvent('filechooser')
  await anne.page.getByRole('button', { name: 'Choisir une photo' }).click()
  await (await chooser).setFiles(photoFile())

  // At once in her page, with its description asked in plain words.
  await expectShown(anne.page)
  const description = anne.page.getByLabel('Que montre la photo ?')
  await expect(description).toBeFocused()
  await description.fill('Les idées du groupe vert')
  await anne.page.screenshot({ path: test.info().outputPath('photo-phone-390x844.png') })

  const bruno = await writer('Bruno', 'laptop')
  await bruno.page.goto(url)
  await giveName(bruno.page, 'Bruno')
  await expectShown(bruno.page)
  await expect(photoIn(bruno.page).locator('img')).toHaveAttribute('alt', 'Les idées du groupe vert')
  await expect(bruno.page.getByLabel('Que montre la photo ?')).toHaveValue('Les idées du groupe vert')

  // What reached the archive: resized to 2,048 pixels on its long side, a JPEG, with no location
  // (and no EXIF at all) — the phone's GPS never left it.
  const pageId = pageIdOf(url)
  const [stored] = await until(async () => {
    const photos = await storedPhotos(carnet, pageId)
    return photos.length === 1 && photos[0]!.alt === 'Les idées du groupe vert' ? photos : undefined
  }, { what: 'the photo and its description in the archive' })
  const address = readPhotoAddress(stored!.src)!
  expect(address.pageId).toBe(pageId)
  const bytes = await until(async () => {
    const answer = await fetch(`${carnet.httpUrl}${stored!.src}`)
    return answer.ok ? new Uint8Array(await answer.arrayBuffer()) : undefined
  }, { what: 'the photo stored' })
  const { createHash } = await import('node:crypto')
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(address.sha256)
  expect(await photoFacts(bytes)).toEqual({ format: 'jpeg', width: 2048, height: 1536, exif: false, location: false })
  expect((await photoFacts(cameraPhoto)).location).toBe(true)
  console.info(`photos: the phone's ${(cameraPhoto.length / 1e6).toFixed(2)} MB 4032×3024 JPEG left the browser as ${(bytes.length / 1e6).toFixed(2)} MB, 2048×1536, no EXIF`)

  // The projector shows it large.
  const wall = await browser.newContext({ baseURL: carnet.httpUrl, locale: 'fr-FR', viewport: { width: 1920, height: 1080 } })
  try {
    const projector = await wall.newPage()
    await projector.goto(`/p/${pageId}/projector`)
    const figure = projector.locator('.projector__content .page-photo')
    await expect(figure).toHaveAttribute('data-photo-state', 'shown')
    const box = (await figure.locator('img').boundingBox())!
    expect(box.height).toBeGreaterThan(700)
    await expect(figure.getByLabel('Que montre la photo ?')).toBeHidden()
    await projector.screenshot({ path: test.info().outputPath('photo-projector-1920x1080.png') })
  } finally {
    await wall.close()
  }

  // The history shows it in the page's versions.
  const versionId = await until(async () => {
    const { versions } = (await (await fetch(`${carnet.httpUrl}/api/pages/${pageId}/history`)).json()) as VersionListResponse
    for (const version of versions) {
      const json = (await (await fetch(`${carnet.httpUrl}/api/pages/${pageId}/history/${version.id}?format=json`)).json()) as PageJson
      if (JSON.stringify(json.body).includes(address.sha256)) return version.id
    }
    return undefined
  }, { what: 'a version with the photo' })
  const history = await bruno.context.newPage()
  await history.goto(`/p/${pageId}/history?v=${versionId}`)
  const versionPhoto = history.locator('.history-page__paper .page-photo')
  await expect(versionPhoto).toHaveAttribute('data-photo-state', 'shown')
  expect(await versionPhoto.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2048)
})

test('offline, a photo appears at once, survives a reload, and reaches the others when the network returns', async ({ writer, carnet }) => {
  const anne = await writer('Anne', 'laptop')
  const url = await createPage(anne.page, 'Atelier sans réseau')
  await giveName(anne.page, 'Anne')
  await waitOnline(anne.page)
  await offlineReady(anne.page)
  await editorOf(anne.page).click()
  await anne.page.keyboard.type('Avant la coupure.')

  const bruno = await writer('Bruno', 'phone')
  await bruno.page.goto(url)
  await giveName(bruno.page, 'Bruno')
  await expect(editorOf(bruno.page)).toContainText('Avant la coupure.')

  await anne.context.setOffline(true)
  await expect(anne.page.locator('.connection-status')).toHaveAttribute('data-status', 'offline')
  const chooser = anne.page.waitForEvent('filechooser')
  await anne.page.getByRole('toolbar').getByRole('button', { name: /Ajouter une photo/ }).click()
  await (await chooser).setFiles(photoFile('salle.jpg'))
  await expectShown(anne.page)
  await anne.page.getByLabel('Que montre la photo ?').fill('La salle pleine')
  await expect(photoIn(anne.page).locator('.page-photo__note')).toHaveText('Pas encore envoyée aux autres : elle partira dès que le réseau le permettra.')

  // Reloaded with no network: the photo is still there, from this computer.
  await anne.page.reload()
  await expectShown(anne.page)
  await expect(anne.page.getByLabel('Que montre la photo ?')).toHaveValue('La salle pleine')
  await expect(editorOf(bruno.page).locator('.page-photo')).toHaveCount(0)

  await anne.context.setOffline(false)
  await waitOnline(anne.page)
  await expectShown(bruno.page)
  await expect(photoIn(bruno.page).locator('img')).toHaveAttribute('alt', 'La salle pleine')
  await expect(photoIn(anne.page).locator('.page-photo__note')).toBeHidden()
  const [stored] = await until(async () => {
    const photos = await storedPhotos(carnet, pageIdOf(url))
    return photos.length === 1 ? photos : undefined
  }, { what: 'the photo in the archive' })
  expect((await fetch(`${carnet.httpUrl}${stored!.src}`)).status).toBe(200)
})

test('the others see a placeholder while a photo travels, never a broken image; undo takes it out', async ({ writer }) => {
  const anne = await writer('Anne', 'laptop')
  const url = await createPage(anne.page, 'Photo en route')
  await giveName(anne.page, 'Anne')
  await waitOnline(anne.page)
  const bruno = await writer('Bruno', 'phone')
  await bruno.page.goto(url)
  await giveName(bruno.page, 'Bruno')

  // Anne's text goes through; her photo's upload does not (a network that drops large requests).
  await anne.context.route('**/api/pages/*/files/*', (route) => route.abort('connectionfailed'))
  await editorOf(anne.page).click()
  await anne.page.keyboard.type('Le tableau de la salle :')
  await expect(editorOf(bruno.page)).toContainText('Le tableau de la salle :')
  const chooser = anne.page.waitForEvent('filechooser')
  await anne.page.getByRole('toolbar').getByRole('button', { name: /Ajouter une photo/ }).click()
  await (await chooser).setFiles(photoFile())
  await expectShown(anne.page)

  const waiting = photoIn(bruno.page)
  await expect(waiting).toHaveAttribute('data-photo-state', 'waiting')
  await expect(waiting).toContainText('Photo en cours d’envoi…')
  await expect(waiting.locator('img')).toBeHidden()
  await bruno.page.screenshot({ path: test.info().outputPath('photo-waiting-390x844.png') })

  await anne.context.unroute('**/api/pages/*/files/*')
  await expectShown(bruno.page)

  // Undo (Yjs's, this writer's own changes) takes the photo out again, for everyone.
  // (Bruno's caret label sits in the sentence: the paragraph is clicked, not its text.)
  await editorOf(anne.page).locator('p').first().click()
  await expect(photoIn(anne.page)).toHaveCount(1)
  await anne.page.keyboard.press('ControlOrMeta+z')
  await expect(photoIn(anne.page)).toHaveCount(0)
  await expect(photoIn(bruno.page)).toHaveCount(0)
})

/** Puts picture files in the page as the system would: pasted, or dropped on the given text. */
async function giveFiles(page: Page, how: 'paste' | 'drop', files: Array<{ name: string; bytes: Buffer }>, onText?: string): Promise<void> {
  const target = onText ? editorOf(page).getByText(onText) : editorOf(page)
  await target.evaluate(
    (element, { how, files }) => {
      const transfer = new DataTransfer()
      for (const file of files) transfer.items.add(new File([Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0))], file.name, { type: 'image/jpeg' }))
      const box = element.getBoundingClientRect()
      const event =
        how === 'paste'
          ? new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true })
          : new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true, clientX: box.right - 2, clientY: box.top + box.height / 2 })
      element.dispatchEvent(event)
    },
    { how, files: files.map((file) => ({ name: file.name, base64: file.bytes.toString('base64') })) },
  )
}

test('on a laptop a photo is pasted or dropped where the writer wants it', async ({ writer }) => {
  const anne = await writer('Anne', 'laptop')
  await createPage(anne.page, 'Photos collées')
  await giveName(anne.page, 'Anne')
  await waitOnline(anne.page)
  await editorOf(anne.page).click()
  await anne.page.keyboard.type('Premier point.')
  await anne.page.keyboard.press('Enter')
  await anne.page.keyboard.type('Second point.')

  // Pasted at the caret, after "Second point."; the description asked at once.
  await giveFiles(anne.page, 'paste', [{ name: 'capture.jpg', bytes: cameraPhoto }])
  await expectShown(anne.page)
  await expect(anne.page.getByLabel('Que montre la photo ?')).toBeFocused()

  // Dropped on "Premier point.": it goes there, before the pasted one.
  const small = await phonePhoto({ width: 1200, height: 900 })
  await giveFiles(anne.page, 'drop', [{ name: 'post-its.jpg', bytes: small }], 'Premier point.')
  await expect(photoIn(anne.page)).toHaveCount(2)
  const order = await editorOf(anne.page).evaluate((editor) =>
    [...editor.children].map((node) => (node.classList.contains('page-photo') ? `photo ${node.querySelector('img')!.getAttribute('width')}` : node.textContent)),
  )
  // (The empty paragraph after a photo at the end is where writing goes on.)
  expect(order.filter((text) => text !== '')).toEqual(['Premier point.', 'photo 1200', 'Second point.', 'photo 2048'])
})

test('a photo the server refuses says why, in plain French, under it', async ({ browser }) => {
  // A server that takes photos of at most 1 KiB: any real photo is too heavy for it.
  const strict = await startRelay({ env: { CARNET_MAX_IMAGE_BYTES: '1024' } })
  const context = await browser.newContext({ baseURL: strict.httpUrl, locale: 'fr-FR' })
  try {
    const page = await context.newPage()
    await createPage(page, 'Serveur strict')
    await giveName(page, 'Anne')
    await waitOnline(page)
    await editorOf(page).click()
    await giveFiles(page, 'paste', [{ name: 'paperboard.jpg', bytes: cameraPhoto }])
    await expectShown(page)
    await expect(photoIn(page).locator('.page-photo__note')).toHaveText(
      'Cette photo n’a pas pu être envoyée : elle est trop lourde pour ce serveur, même réduite.',
    )
  } finally {
    await context.close()
    await strict.stop()
  }
})
