// From a picture chosen, taken, pasted or dropped to a photo of the page: prepared here (resized,
// without its metadata: prepare-photo.ts), kept in this browser with the page, written into the
// page as an `image` node, then sent. Kept before it is written: a page never names a photo this
// browser could lose; and the writer is asked at once what it shows.
import type { Editor } from '@tiptap/core'
import { NodeSelection } from '@tiptap/pm/state'
import { photoPath } from '@carnet/core/photo-address'
import { t, type MessageKey } from '../../i18n/i18n.svelte.js'
import { keepPhoto } from './local-photos.js'
import { PhotoPreparationError, preparePhoto, type PreparedPhoto } from './prepare-photo.js'
import { sendWaitingPhotos } from './photo-sender.js'

export interface AddPhotosOptions {
  editor: Editor
  pageId: string
  /** Where to put them (a drop's position); the selection otherwise. */
  at: number | null
  /** A sentence for the writer (a photo that could not be read, or kept); null clears it. */
  notice(text: string | null): void
}

/** Where a block goes at `at`, or at the selection: after a selected photo, never over it. */
function insertionPoint(editor: Editor, at: number | null): number {
  if (at !== null) return at
  const { selection } = editor.state
  return selection instanceof NodeSelection ? selection.to : selection.from
}

/** The description field of the photo named `src` nearest `near`. */
function focusDescription(editor: Editor, src: string, near: number): void {
  let best: { pos: number; distance: number } | null = null
  editor.state.doc.descendants((node, pos) => {
    if (node.type.name !== 'image' || node.attrs['src'] !== src) return
    const distance = Math.abs(pos - near)
    if (!best || distance < best.distance) best = { pos, distance }
  })
  const found = best as { pos: number } | null
  const dom = found ? editor.view.nodeDOM(found.pos) : null
  if (dom instanceof HTMLElement) dom.querySelector('input')?.focus()
}

export async function addPhotos(files: readonly File[], options: AddPhotosOptions): Promise<void> {
  const { editor, pageId } = options
  let place = insertionPoint(editor, options.at)
  for (const file of files) {
    options.notice(t('photo.preparing'))
    let photo: PreparedPhoto
    try {
      photo = await preparePhoto(file)
    } catch (error) {
      const reason: MessageKey = error instanceof PhotoPreparationError && error.reason === 'too-large' ? 'photo.tooLarge' : 'photo.unreadable'
      options.notice(t(reason))
      continue
    }
    try {
      const blob = new Blob([photo.bytes], { type: photo.type })
      await keepPhoto({ pageId, sha256: photo.sha256, type: photo.type, blob, width: photo.width, height: photo.height, addedAt: Date.now(), state: 'waiting' })
    } catch {
      options.notice(t('photo.noStorage'))
      continue
    }
    if (editor.isDestroyed || !editor.isEditable) return
    const src = photoPath(pageId, photo.sha256)
    const before = editor.state.doc.content.size
    place = Math.min(place, before)
    editor
      .chain()
      .insertContentAt(place, { type: 'image', attrs: { src, alt: '', width: photo.width, height: photo.height } })
      .run()
    focusDescription(editor, src, place)
    // The next photo goes after this one.
    place += editor.state.doc.content.size - before
    options.notice(null)
  }
  sendWaitingPhotos()
}
