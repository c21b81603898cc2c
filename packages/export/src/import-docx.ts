// A .docx (Word, LibreOffice, Google Docs) in, a page out: mammoth reads the document's structure —
// headings by their styles, lists by their numbering, tables, bold, italic, strike, links — into
// plain HTML, which the HTML importer maps onto the page schema. Pictures keep their description
// (a page's photos are sent from the app, not read from files); mammoth's warnings about styles it could not map change nothing.
// Runs on the server only: mammoth is too large to bundle into the app for a format the app can
// send to the server.
import mammoth from 'mammoth'
import { ImportError, type ImportedPage } from './imported-page.js'
import { htmlToPage } from './import-html.js'

// Word's own "Title" style is the page's title; "Quote" and "Code" are the styles Carnet's .docx
// export writes (and common enough elsewhere); the rest is mammoth's default mapping.
const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  'p.Title => h1:fresh',
  "p[style-name='Subtitle'] => p:fresh",
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  "p[style-name='Code'] => pre:separator('\\n')",
  "r[style-name='Inline Code'] => code",
]

/** The .docx's HTML, without the pictures' bytes. */
export async function docxToHtml(bytes: Uint8Array): Promise<string> {
  try {
    const result = await mammoth.convertToHtml(
      { buffer: bytes } as unknown as Parameters<typeof mammoth.convertToHtml>[0],
      { styleMap: STYLE_MAP, convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    )
    return result.value
  } catch {
    throw new ImportError('unreadable', 'Ce fichier ne peut pas être lu comme un document Word (.docx) : est-il complet, et bien au format .docx (pas .doc) ?')
  }
}

export async function docxToPage(bytes: Uint8Array): Promise<ImportedPage> {
  return htmlToPage(await docxToHtml(bytes))
}
