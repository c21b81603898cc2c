// What a writer who gave no name is called, in each language: in both catalogues, and read by the
// code that must not mistake it for a name whichever language the writer uses (without loading the
// English catalogue for that).
export const ANONYMOUS_NAME = { fr: 'Anonyme', en: 'Anonymous' } as const
