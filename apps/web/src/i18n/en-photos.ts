// English texts of a page's photos: every key of the French ones (fr-photos.ts).
import type { frPhotos } from './fr-photos.js'

export const enPhotos: Record<keyof typeof frPhotos, string> = {
  'photo.button': 'Photo',
  'photo.buttonHint': 'Add a photo (taken with the camera, or chosen among your pictures)',
  'photo.take': 'Take a photo',
  'photo.choose': 'Choose a photo',
  'photo.altQuestion': 'What does the photo show?',
  'photo.altPlaceholder': 'E.g. the flip chart of the green group’s ideas',
  'photo.waiting': 'Photo on its way…',
  'photo.preparing': 'Preparing the photo…',
  'photo.notSent': 'Not sent to the others yet: it will leave as soon as the network allows.',
  'photo.blocked': 'Not sent yet: the page is closed, or this link only lets you read it. The photo waits on this device and will leave as soon as the page can be written.',
  'photo.refused': 'This photo could not be sent: {reason}',
  'photo.refused.400': 'it was damaged on the way. Take it again.',
  'photo.refused.413': 'it is too heavy for this server, or the page already holds all the photos it may.',
  'photo.refused.413.too-large': 'it is too heavy for this server, even made smaller.',
  'photo.refused.413.page-full': 'the page already holds all the photos it may.',
  'photo.refused.413.server-full': 'the server has no room left for photos: tell whoever runs it.',
  'photo.refused.415': 'it is not an accepted picture (JPEG, PNG, WebP or GIF).',
  'photo.refused.422': 'it still says where it was taken.',
  'photo.refused.other': 'the server refused it.',
  'photo.unreadable': 'This picture could not be read. Try a JPEG, PNG or WebP photo.',
  'photo.tooLarge': 'This photo is still too heavy, even made smaller: try another photo.',
  'photo.noStorage': 'This photo could not be kept on this computer (storage full?): it was not added.',
}
