// The service worker's cache of photos read from the relay (vite.config.ts: photos never change,
// so a page read once shows them offline), named once for the worker and for the eraser.
export const PHOTO_CACHE = 'carnet-photos'
