// A page's photo on screen: from this browser's copy when it has one (the writer's own photo, at
// once and offline too), else from the relay. Until the relay has it — a photo taken offline, still
// on its way — a placeholder says so ("Photo en cours d'envoi…"), never a broken image, and the
// photo is asked for again: on a schedule, as soon as the browser is back online, and as soon as
// this tab has sent it.
import { readPhotoAddress } from '@carnet/core/photo-address'
import { t } from '../../i18n/i18n.svelte.js'
import { findPhoto, photoEvents, type LocalPhoto } from './local-photos.js'

/** Waits between asks for a photo not there yet: quick at first, then every ten seconds. */
const RETRY_MS = [1_000, 2_000, 4_000, 8_000, 10_000] as const

export type PhotoState = 'loading' | 'shown' | 'waiting'

export interface PhotoDisplayOptions {
  /** Where the photo stands on screen. */
  onState(state: PhotoState): void
  /** This browser's own record of it (what the relay said of it), whenever it changes. */
  onLocal?(photo: LocalPhoto | null): void
}

/** Shows the photo at `src` in `img`; returns how to stop (and free its memory). */
export function displayPhoto(src: string, img: HTMLImageElement, options: PhotoDisplayOptions): () => void {
  const address = readPhotoAddress(src)
  // Not one of Carnet's photos (any client may write any `src`): never loaded.
  if (!address) {
    options.onState('waiting')
    return () => {}
  }
  let stopped = false
  let shown = false
  let objectUrl: string | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let attempt = 0
  options.onState('loading')

  const show = async (blob: Blob): Promise<void> => {
    const url = URL.createObjectURL(blob)
    img.src = url
    // Shown once decoded: no half-drawn picture, no flash of an empty frame.
    await img.decode().catch(() => {})
    if (objectUrl) URL.revokeObjectURL(objectUrl)
    objectUrl = url
    if (stopped) return
    shown = true
    options.onState('shown')
  }

  const load = async (): Promise<void> => {
    timer = null
    const local = await findPhoto(address.sha256).catch(() => null)
    if (stopped) return
    options.onLocal?.(local)
    if (shown) return
    if (local) return show(local.blob)
    try {
      const answer = await fetch(src)
      if (answer.ok) return show(await answer.blob())
    } catch {
      // Offline: asked again below.
    }
    if (stopped) return
    options.onState('waiting')
    timer = setTimeout(load, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)])
  }

  const now = (): void => {
    if (stopped) return
    if (timer !== null) clearTimeout(timer)
    void load()
  }
  const onChange = (event: Event): void => {
    if ((event as CustomEvent<string>).detail === address.sha256) now()
  }
  const onOnline = (): void => {
    if (!shown) now()
  }
  photoEvents.addEventListener('change', onChange)
  window.addEventListener('online', onOnline)
  void load()
  return () => {
    stopped = true
    if (timer !== null) clearTimeout(timer)
    photoEvents.removeEventListener('change', onChange)
    window.removeEventListener('online', onOnline)
    if (objectUrl) URL.revokeObjectURL(objectUrl)
  }
}

/** The placeholder a photo shows while it travels. */
export function photoPlaceholder(): HTMLElement {
  const placeholder = document.createElement('p')
  placeholder.className = 'page-photo__waiting'
  placeholder.textContent = t('photo.waiting')
  return placeholder
}

/**
 * Svelte action for HTML made by `bodyToHtml` (a version in the history), given that HTML: each
 * photo is loaded as in the page, with the same placeholder, again whenever the HTML changes.
 */
export function pagePhotos(container: HTMLElement, _html: string): { update(html: string): void; destroy(): void } {
  let stops: Array<() => void> = []
  const start = (): void => {
    for (const img of container.querySelectorAll<HTMLImageElement>('img[data-photo-src]')) {
      const figure = img.closest<HTMLElement>('.page-photo') ?? img.parentElement!
      if (!figure.querySelector('.page-photo__waiting')) figure.append(photoPlaceholder())
      stops.push(displayPhoto(img.dataset.photoSrc!, img, { onState: (state) => (figure.dataset.photoState = state) }))
    }
  }
  const stop = (): void => {
    stops.forEach((each) => each())
    stops = []
  }
  start()
  return {
    update: () => {
      stop()
      start()
    },
    destroy: stop,
  }
}
