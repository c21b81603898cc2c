// A page's previous and next meetings (`Map('meta')`: previous, next) as reactive state, for the
// editor's "Réunion précédente / suivante".
import type * as Y from 'yjs'
import { pageMetaMap } from '@carnet/core/page-doc'
import { readSeriesLinks, type SeriesLinks } from '@carnet/core/series'

export class SeriesLinksView {
  links = $state<SeriesLinks>({ previous: '', next: '' })

  constructor(
    private readonly doc: Y.Doc,
    private readonly pageId: string,
  ) {
    pageMetaMap(doc).observe(this.read)
    this.read()
  }

  private readonly read = (): void => {
    const next = readSeriesLinks(this.doc, this.pageId)
    if (next.previous !== this.links.previous || next.next !== this.links.next) this.links = next
  }

  destroy(): void {
    pageMetaMap(this.doc).unobserve(this.read)
  }
}
