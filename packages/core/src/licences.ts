// The licences a page can carry into its exports. Pages are openly licensed by default, as on the
// city wiki.

export interface Licence {
  id: string
  /** Short label, the same in every language ("CC BY-SA 4.0"). */
  label: string
  url: string
}

export const LICENCES = [
  { id: 'CC-BY-SA-4.0', label: 'CC BY-SA 4.0', url: 'https://creativecommons.org/licenses/by-sa/4.0/deed.fr' },
  { id: 'CC-BY-4.0', label: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/deed.fr' },
  { id: 'CC-BY-NC-SA-4.0', label: 'CC BY-NC-SA 4.0', url: 'https://creativecommons.org/licenses/by-nc-sa/4.0/deed.fr' },
  { id: 'CC-BY-NC-4.0', label: 'CC BY-NC 4.0', url: 'https://creativecommons.org/licenses/by-nc/4.0/deed.fr' },
  { id: 'CC-BY-ND-4.0', label: 'CC BY-ND 4.0', url: 'https://creativecommons.org/licenses/by-nd/4.0/deed.fr' },
  { id: 'CC-BY-NC-ND-4.0', label: 'CC BY-NC-ND 4.0', url: 'https://creativecommons.org/licenses/by-nc-nd/4.0/deed.fr' },
  { id: 'CC0-1.0', label: 'CC0 1.0 (domaine public)', url: 'https://creativecommons.org/publicdomain/zero/1.0/deed.fr' },
] as const satisfies readonly Licence[]

export type LicenceId = (typeof LICENCES)[number]['id']

export const DEFAULT_LICENCE: LicenceId = 'CC-BY-SA-4.0'

export function findLicence(id: unknown): Licence {
  return LICENCES.find((licence) => licence.id === id) ?? LICENCES[0]
}
