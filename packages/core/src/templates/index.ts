// Page templates: data, not code. Each template is one JSON file in this folder (its body as
// ProseMirror JSON, in French and English); add a file and list it below. The test next to this
// file fails when a JSON file is not listed or uses a node the editor does not allow.
import type { LicenceId } from '../licences.js'
import type { PmNode } from '../page-schema.js'
import reunion from './reunion.json' with { type: 'json' }
import atelier from './atelier.json' with { type: 'json' }
import ficheInnovationSociale from './fiche-innovation-sociale.json' with { type: 'json' }
import pageBlanche from './page-blanche.json' with { type: 'json' }

export type TemplateLanguage = 'fr' | 'en'

export interface PageTemplate {
  id: string
  /** Position in the list offered on "Nouvelle page". */
  order: number
  name: Record<TemplateLanguage, string>
  description: Record<TemplateLanguage, string>
  /** Suggested title; `{date}` becomes the meeting day in words. */
  title: Record<TemplateLanguage, string>
  meta?: { dateIsToday?: boolean; licence?: LicenceId }
  body: Record<TemplateLanguage, PmNode>
}

export const TEMPLATES: readonly PageTemplate[] = ([reunion, atelier, ficheInnovationSociale, pageBlanche] as PageTemplate[]).sort(
  (a, b) => a.order - b.order,
)

export const BLANK_TEMPLATE_ID = 'page-blanche'

export function findTemplate(id: string): PageTemplate | undefined {
  return TEMPLATES.find((template) => template.id === id)
}
