// "Publier sur le wiki": opens MediaWiki's own edit form, in a new tab, for the page named like the
// Carnet page, holding its wikitext and a summary. MediaWiki takes text into its edit form only by
// POST (`action=edit` does not take arbitrary text by GET: `preload` needs an existing page,
// `preloadtext` exists only in some extensions), so the browser posts the form MediaWiki itself
// would post for "Prévisualiser" (`action=submit`, `wpTextbox1`, `wpSummary`, `wpPreview`). A
// preview needs no edit token: MediaWiki answers with its edit form, the text and the summary in
// it, and a token for the organiser's own session; they save from there, logged in as themselves.
// Checked against a real MediaWiki 1.39 (tests/e2e/publish-wiki.spec.ts).

export const WIKI_SUMMARY = 'Compte rendu écrit avec Carnet, licence CC BY-SA 4.0'

/** The address MediaWiki's edit form is posted to, for `title`. */
export function wikiSubmitUrl(wikiUrl: string, title: string): string {
  const url = new URL(wikiUrl)
  url.searchParams.set('title', title.replace(/ /g, '_'))
  url.searchParams.set('action', 'submit')
  return url.href
}

/** The fields of MediaWiki's edit form that ask for a preview of `wikitext`. */
export function wikiPreviewFields(wikitext: string, summary = WIKI_SUMMARY): Record<string, string> {
  return {
    wpTextbox1: wikitext,
    wpSummary: summary,
    wpPreview: '1',
    // MediaWiki checks the form reached it whole by this last field.
    wpUltimateParam: '1',
  }
}

export function submitToWiki(wikiUrl: string, title: string, wikitext: string): void {
  const form = document.createElement('form')
  form.method = 'post'
  form.action = wikiSubmitUrl(wikiUrl, title)
  form.target = '_blank'
  form.acceptCharset = 'UTF-8'
  // The wiki's tab must not be able to reach back into Carnet's.
  form.rel = 'noopener noreferrer'
  for (const [name, value] of Object.entries(wikiPreviewFields(wikitext))) {
    const field = document.createElement('textarea')
    field.name = name
    field.value = value
    form.append(field)
  }
  form.hidden = true
  document.body.append(form)
  form.submit()
  form.remove()
}
