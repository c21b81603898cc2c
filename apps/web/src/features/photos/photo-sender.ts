// The photo sender: takes the photos waiting in this browser (local-photos.ts) to the relay, one by
// one, `PUT /api/pages/<pageId>/files/<sha256>` with the page's edit key when this browser has one.
// Like the courier of waiting changes, it keeps trying until the relay has them — offline, a 409
// (the page's text has not reached the relay yet), a relay down — backing off to 15 s, and tries
// at once when the browser says it is online again or a page is in step with the relay. A photo the
// relay refuses for what it is (not an image, too large, a location…) is never sent again: its
// writer is told why under it (photo-refusal.ts).
import type { ApiError } from '@carnet/core'
import { localPage } from '../../local-pages/local-pages.svelte.js'
import { notifyPhoto, settlePhoto, waitingPhotos, type LocalPhoto } from './local-photos.js'
import { markWaiting } from './photos-waiting.js'

const FIRST_DELAY_MS = 1_000
const MAX_DELAY_MS = 15_000

/** `later` with the relay's status when it says why the photo must wait (403). */
type Outcome = 'sent' | { later: string | undefined } | { refused: string }

let running: Promise<void> | null = null
let again = false
let timer: ReturnType<typeof setTimeout> | null = null
let delay = FIRST_DELAY_MS
let listening = false

/** Sends the waiting photos now (or right after the pass under way). */
export function sendWaitingPhotos(): void {
  if (!listening) {
    listening = true
    window.addEventListener('online', () => {
      delay = FIRST_DELAY_MS
      sendWaitingPhotos()
    })
  }
  if (timer !== null) {
    clearTimeout(timer)
    timer = null
  }
  if (running) {
    again = true
    return
  }
  running = pass().finally(() => {
    running = null
    if (again) {
      again = false
      sendWaitingPhotos()
    }
  })
}

async function pass(): Promise<void> {
  let photos: LocalPhoto[]
  try {
    photos = await waitingPhotos()
  } catch {
    return // No IndexedDB here: nothing was kept, nothing waits.
  }
  let later = 0
  for (const photo of photos) {
    const outcome = await upload(photo)
    if (outcome === 'sent') delay = FIRST_DELAY_MS
    else if ('later' in outcome) later++
    const settled = outcome === 'sent' ? settlePhoto(photo, 'sent') : 'later' in outcome ? settlePhoto(photo, 'waiting', outcome.later) : settlePhoto(photo, 'refused', outcome.refused)
    await settled.catch(() => {})
  }
  markWaiting(later > 0)
  if (later > 0) {
    timer = setTimeout(sendWaitingPhotos, delay)
    delay = Math.min(MAX_DELAY_MS, delay * 2)
  }
}

async function upload(photo: LocalPhoto): Promise<Outcome> {
  const key = localPage(photo.pageId)?.editKey
  let answer: Response
  try {
    answer = await fetch(`/api/pages/${photo.pageId}/files/${photo.sha256}`, {
      method: 'PUT',
      body: photo.blob,
      headers: { 'Content-Type': photo.type, ...(key ? { 'X-Carnet-Key': key } : {}) },
    })
  } catch {
    return { later: undefined } // Offline, or the relay cannot be reached.
  }
  if (answer.ok) {
    notifyPhoto(photo.sha256)
    return 'sent'
  }
  // 403: not writable now (closed, or the key not known here), which an edit-key holder may
  // change: the writer is told why it waits. 409: the page is not saved on the relay yet; 429 and
  // 5xx: try again later.
  if (answer.status === 403) return { later: '403' }
  if (answer.status === 409 || answer.status === 429 || answer.status >= 500) return { later: undefined }
  // Kept as the status (and a 413's reason: the photo, the page or the server full): the writer is
  // told why in their own language (photoRefusal).
  if (answer.status === 413) {
    const reason = await answer.json().then((body: Partial<ApiError>) => body.reason, () => undefined)
    if (reason === 'too-large' || reason === 'page-full' || reason === 'server-full') return { refused: `413.${reason}` }
  }
  return { refused: String(answer.status) }
}
