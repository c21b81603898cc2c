// A page's photos in the editor: Tiptap's Image node reduced to the page schema (`src`, `alt`,
// `width`, `height`: no title, no Markdown `![…](…)` input rule), taking from pasted HTML only
// Carnet's own photo addresses (an `<img>` of another site would be a tracker in everyone's page).
// Image files pasted or dropped on the page go to `onFiles`, which prepares and stores them
// (features/photos); `view` draws a photo in a live page (the description field, the placeholder
// while it travels). Without them — the schema test, a view without a page — nothing needs a DOM.
import { Image, type ImageOptions } from '@tiptap/extension-image'
import type { NodeViewRenderer } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { readPhotoAddress } from '@carnet/core/photo-address'

export interface PagePhotoOptions extends ImageOptions {
  /** Draws a photo in the page; null: the plain `<img>` of `renderHTML`. */
  view: NodeViewRenderer | null
  /** Image files pasted or dropped on the page, with where they were dropped (null: at the selection). */
  onFiles: ((files: File[], at: number | null) => void) | null
}

/** A photo's address from an `<img>`: its own, or the same address written out with this site's origin. */
function photoSource(element: HTMLElement): string | null {
  const raw = element.getAttribute('data-photo-src') ?? element.getAttribute('src') ?? ''
  const origin = globalThis.location?.origin
  const src = origin && raw.startsWith(`${origin}/`) ? raw.slice(origin.length) : raw
  return readPhotoAddress(src) ? src : null
}

function dimension(value: string | null): number | null {
  const number = Number(value)
  return Number.isInteger(number) && number > 0 && number <= 65_535 ? number : null
}

function imageFiles(list: FileList | null | undefined): File[] {
  return [...(list ?? [])].filter((file) => file.type.startsWith('image/'))
}

export const PagePhoto = Image.extend<PagePhotoOptions>({
  addOptions() {
    return { ...this.parent!(), view: null, onFiles: null }
  },

  addAttributes() {
    return {
      src: { default: null, parseHTML: photoSource },
      alt: { default: null },
      width: { default: null, parseHTML: (element) => dimension(element.getAttribute('width')) },
      height: { default: null, parseHTML: (element) => dimension(element.getAttribute('height')) },
    }
  },

  parseHTML() {
    return [{ tag: 'img', getAttrs: (element) => (photoSource(element) ? null : false) }]
  },

  addInputRules() {
    return []
  },

  addNodeView() {
    return this.options.view
  },

  addProseMirrorPlugins() {
    const onFiles = this.options.onFiles
    if (!onFiles) return []
    return [
      new Plugin({
        key: new PluginKey('pagePhotoFiles'),
        props: {
          handlePaste: (_view, event) => {
            const files = imageFiles(event.clipboardData?.files)
            if (files.length === 0) return false
            onFiles(files, null)
            return true
          },
          handleDrop: (view, event, _slice, moved) => {
            if (moved) return false
            const files = imageFiles(event.dataTransfer?.files)
            if (files.length === 0) return false
            event.preventDefault()
            onFiles(files, view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos ?? null)
            return true
          },
        },
      }),
    ]
  },
})
