// An imported file becomes a page's Y.Doc, the same way in the app (written into IndexedDB, sent
// with its first sync) and in the relay (`POST /api/import`, written into the archive): the
// importers' body in `XmlFragment('body')` as y-tiptap would write it, the title, tags, date and
// place in `Map('meta')`. A .carnet backup is the page's own Y.Doc, reopened for writing, with its photos.
import { pageBody, TITLE_MAX_LENGTH, writePageMeta, type PmNode } from '@carnet/core'
import { jsonToFragment } from '@carnet/core/to-ydoc'
import * as Y from 'yjs'
import { ImportError, type ImportedPage } from './imported-page.js'
import { htmlToPage } from './import-html.js'
import { markdownToPage } from './import-markdown.js'
import { wikitextToPage, type WikitextImportOptions } from './import-wikitext.js'
import { decodePageBackup, PageBackupError, type PageBackup } from './page-backup.js'

export interface ImportOptions extends WikitextImportOptions {
  /** The file's name: the page's title when the file names none. */
  fileName?: string
  /** Milliseconds since the epoch: the page's `createdAt`. */
  now?: number
}

/** The file's text, when it is UTF-8 (a BOM is dropped); refused otherwise. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    throw new ImportError('unreadable', 'Ce fichier n’est pas du texte en UTF-8 : enregistrez-le en UTF-8 (ou choisissez le bon format), puis importez-le de nouveau.')
  }
}

/** Reads a text format (Markdown, wikitext, HTML) into a page. */
export function readTextImport(format: 'md' | 'wiki' | 'html', text: string, options: ImportOptions = {}): ImportedPage {
  switch (format) {
    case 'md':
      return markdownToPage(text)
    case 'wiki':
      return wikitextToPage(text, options)
    case 'html':
      return htmlToPage(text)
  }
}

/** "compte_rendu_du_14.wiki" → "compte rendu du 14" (wiki page names write spaces as `_`). */
export function titleFromFileName(name: string | undefined): string | null {
  const stem = (name ?? '').replace(/^.*[\\/]/, '').replace(/\.[A-Za-z0-9]{1,10}$/, '')
  const title = stem.replace(/_/g, ' ').replace(/\s+/g, ' ').trim()
  return title || null
}

function hasText(node: PmNode): boolean {
  if (node.text?.trim()) return true
  return (node.content ?? []).some(hasText)
}

function firstLine(node: PmNode): string | null {
  const block = (node.content ?? []).find(hasText)
  if (!block) return null
  const text = (block.content ?? []).map((child) => child.text ?? (child.type === 'hardBreak' ? '\n' : '')).join('')
  return text.split('\n')[0]?.replace(/\s+/g, ' ').trim() || null
}

/** A new page's document from what an importer read. */
export function importedPageToDoc(page: ImportedPage, options: ImportOptions = {}): Y.Doc {
  // A file with nothing in it is refused, whatever its name says.
  if (!page.title && !hasText(page.body)) throw new ImportError('empty', 'Ce fichier est vide : il n’y a rien à en faire une page.')
  const title = page.title ?? titleFromFileName(options.fileName) ?? firstLine(page.body)
  const doc = new Y.Doc()
  doc.transact(() => {
    writePageMeta(doc, {
      title: (title ?? '').slice(0, TITLE_MAX_LENGTH),
      tags: page.tags,
      ...(page.date ? { date: page.date } : {}),
      ...(page.place ? { place: page.place.slice(0, TITLE_MAX_LENGTH) } : {}),
      createdAt: options.now ?? Date.now(),
    })
    jsonToFragment(page.body, pageBody(doc))
  })
  return doc
}

/**
 * A .carnet backup as a new page: the same document, open for writing whatever its source's state,
 * and its photos (the caller stores them and points the page at them: `rehomePhotos`).
 */
export function backupToPage(bytes: Uint8Array): PageBackup {
  let backup: PageBackup
  try {
    backup = decodePageBackup(bytes)
  } catch (error) {
    if (!(error instanceof PageBackupError)) throw error
    const holdsNoPage = error.message.includes('holds no page')
    const damaged = error.message.includes('photo')
    throw new ImportError(
      holdsNoPage ? 'not-a-page' : 'unreadable',
      holdsNoPage
        ? 'Cette sauvegarde ne contient pas de page Carnet.'
        : damaged
          ? 'Cette sauvegarde Carnet est abîmée : une de ses photos ne correspond pas à son nom.'
          : 'Ce fichier n’est pas une sauvegarde Carnet (.carnet) lisible : il est peut-être incomplet.',
    )
  }
  writePageMeta(backup.doc, { closed: false })
  return backup
}
