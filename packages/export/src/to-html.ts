// A page as a standalone HTML5 document, to read in any browser and to print (or print to PDF).
// Everything taken from the page — text, attributes, link targets, language names, facts — is
// escaped, and only http, https and mailto links are kept: a page is written by whoever holds its
// link, and its text must never become markup in the organiser's browser. A Content-Security-Policy
// forbids scripts as a second line of defence. Photos travel inside the file, as data URIs.
import type { PmNode } from '@carnet/core'
import type { ExportInput } from './export-input.js'
import { HTML_STYLE } from './html-style.js'
import { inlineTree, treeText, type InlineTree } from './inline-tree.js'
import { safeHref } from './link-policy.js'
import { exportedFact, headerFacts, LABEL_SEPARATOR, pageTitle, sourceFact, type PageFact } from './page-facts.js'
import { pagePhoto, photoBytes, photoCaption, photoDataUri, photoUrl, type PagePhoto } from './page-photos.js'
import {
  blockChildren,
  cellSpan,
  codeLanguage,
  codeText,
  headingLevel,
  inlineChildren,
  isChecked,
  listItemsOf,
  orderedListStart,
  tableRowsOf,
} from './read-body.js'

const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

/** Text as HTML text and attribute values (always double-quoted): nothing in it can open a tag or end an attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

// A link whose text is its own address needs no address after it on paper.
function showsItsAddress(href: string, text: string): boolean {
  const shown = text.trim()
  return shown === href || `mailto:${shown}` === href
}

const MARK_TAGS = { bold: 'strong', italic: 'em', strike: 's', code: 'code' } as const

function inlineHtml(trees: InlineTree[]): string {
  return trees
    .map((tree) => {
      if (tree.kind === 'text') return escapeHtml(tree.text)
      if (tree.kind === 'break') return '<br>'
      const inner = inlineHtml(tree.children)
      if (tree.mark.type === 'link') {
        const href = safeHref(tree.mark.href)
        return href ? `<a${showsItsAddress(href, treeText(tree.children)) ? ' class="url"' : ''} href="${escapeHtml(href)}">${inner}</a>` : inner
      }
      const tag = MARK_TAGS[tree.mark.type]
      return `<${tag}>${inner}</${tag}>`
    })
    .join('')
}

function inlineOf(node: PmNode): string {
  return inlineHtml(inlineTree(inlineChildren(node)))
}

const ALIGNMENTS: ReadonlySet<string> = new Set(['left', 'center', 'right'])

/** A header cell heads its column in the table's head row, its row anywhere else. */
function cellHtml(cell: PmNode, inHead: boolean, photo: PhotoHtml): string {
  const tag = cell.type === 'tableHeader' ? 'th' : 'td'
  const colspan = cellSpan(cell, 'colspan')
  const rowspan = cellSpan(cell, 'rowspan')
  const align = typeof cell.attrs?.['align'] === 'string' && ALIGNMENTS.has(cell.attrs['align']) ? cell.attrs['align'] : null
  const scope = tag === 'th' ? ` scope="${inHead ? (colspan > 1 ? 'colgroup' : 'col') : rowspan > 1 ? 'rowgroup' : 'row'}"` : ''
  const attributes = `${scope}${colspan > 1 ? ` colspan="${colspan}"` : ''}${rowspan > 1 ? ` rowspan="${rowspan}"` : ''}${align ? ` style="text-align: ${align}"` : ''} dir="auto"`
  const blocks = blockChildren(cell)
  const only = blocks[0]
  // A cell holding one paragraph is written without the <p>, as the editor shows it.
  const content = blocks.length === 1 && only?.type === 'paragraph' ? inlineOf(only) : blocksHtml(blocks, photo)
  return `<${tag}${attributes}>${content}</${tag}>`
}

function tableHtml(node: PmNode, photo: PhotoHtml): string {
  const rows = tableRowsOf(node)
  if (rows.length === 0) return ''
  const rowHtml = (cells: PmNode[], inHead = false): string => `<tr>${cells.map((cell) => cellHtml(cell, inHead, photo)).join('')}</tr>`
  const [first, ...rest] = rows
  // A first row made of header cells is the table head, repeated on each printed page.
  const hasHead = first !== undefined && first.length > 0 && first.every((cell) => cell.type === 'tableHeader')
  const head = hasHead && first ? `<thead>${rowHtml(first, true)}</thead>` : ''
  const body = (hasHead ? rest : rows).map((cells) => rowHtml(cells)).join('\n')
  return `<table>${head}${body ? `<tbody>${body}</tbody>` : ''}</table>`
}

function listItemHtml(list: PmNode, item: PmNode, photo: PhotoHtml): string {
  const children = blockChildren(item)
  const head = children[0]?.type === 'paragraph' ? children[0] : null
  const headHtml = head ? inlineOf(head) : ''
  const rest = blocksHtml(head ? children.slice(1) : children, photo)
  if (list.type !== 'taskList') return `<li dir="auto">${headHtml}${rest}</li>`
  const checked = isChecked(item)
  const box = `<span class="task-box" role="img" aria-label="${checked ? 'fait' : 'à faire'}">${checked ? '☑' : '☐'}</span>`
  return `<li class="task-item${checked ? ' done' : ''}" dir="auto">${box} ${headHtml}${rest}</li>`
}

function listHtml(node: PmNode, photo: PhotoHtml): string {
  const items = listItemsOf(node).map((item) => listItemHtml(node, item, photo)).join('\n')
  if (node.type === 'orderedList') {
    const start = orderedListStart(node)
    return `<ol${start !== 1 ? ` start="${start}"` : ''}>\n${items}\n</ol>`
  }
  return `<ul${node.type === 'taskList' ? ' class="task-list"' : ''}>\n${items}\n</ul>`
}

function blockHtml(node: PmNode, photo: PhotoHtml): string {
  switch (node.type) {
    case 'paragraph': {
      const inline = inlineOf(node)
      // An empty paragraph is a blank line in the editor; keep it visible.
      // dir="auto": a line in Arabic or Hebrew reads right to left, whatever the page around it.
      return `<p dir="auto">${inline || '<br>'}</p>`
    }
    case 'heading': {
      const level = headingLevel(node)
      return `<h${level} dir="auto">${inlineOf(node)}</h${level}>`
    }
    case 'bulletList':
    case 'orderedList':
    case 'taskList':
      return listHtml(node, photo)
    case 'blockquote':
      return `<blockquote dir="auto">\n${blocksHtml(blockChildren(node), photo)}\n</blockquote>`
    case 'codeBlock': {
      const language = codeLanguage(node)
      const attributes = language ? ` class="language-${escapeHtml(language)}"` : ''
      return `<pre><code${attributes}>${escapeHtml(codeText(node))}</code></pre>`
    }
    case 'horizontalRule':
      return '<hr>'
    case 'table':
      return tableHtml(node, photo)
    case 'image':
      return photo(node)
    default:
      return blocksHtml(blockChildren(node), photo)
  }
}

function blocksHtml(nodes: PmNode[], photo: PhotoHtml): string {
  return nodes
    .map((node) => blockHtml(node, photo))
    .filter((html) => html.length > 0)
    .join('\n')
}

function factValueHtml(fact: PageFact): string {
  const text = escapeHtml(fact.text)
  if (fact.isoDay) return `<time datetime="${escapeHtml(fact.isoDay)}">${text}</time>`
  const href = safeHref(fact.href)
  return href ? `<a rel="license" href="${escapeHtml(href)}">${text}</a>` : text
}

function factsHtml(input: ExportInput): string {
  const rows = headerFacts(input).map((fact) => `<dt>${escapeHtml(fact.label)}</dt><dd>${factValueHtml(fact)}</dd>`)
  return `<dl class="facts">\n${rows.join('\n')}\n</dl>`
}

function footerHtml(input: ExportInput): string {
  const lines: string[] = []
  const source = sourceFact(input)
  if (source) {
    const href = safeHref(source.href)
    const value = href ? `<a class="url" href="${escapeHtml(href)}">${escapeHtml(source.text)}</a>` : escapeHtml(source.text)
    lines.push(`${escapeHtml(source.label)}${LABEL_SEPARATOR}${value}`)
  }
  const exported = exportedFact(input)
  lines.push(exported.isoDay ? `<time datetime="${escapeHtml(exported.isoDay)}">${escapeHtml(exported.text)}</time>` : escapeHtml(exported.text))
  return `<footer>\n<p>${lines.join('<br>\n')}</p>\n</footer>`
}

/** How a photo is written: the standalone document and the app show them differently. */
type PhotoHtml = (node: PmNode) => string

function photoAttributes(photo: PagePhoto): string {
  return ` alt="${escapeHtml(photo.alt)}"${photo.width ? ` width="${photo.width}"` : ''}${photo.height ? ` height="${photo.height}"` : ''}`
}

/**
 * In the standalone document: the photo inside it, as a data URI, so the file prints and travels
 * alone; a photo it was not given is its description and its address.
 */
function embeddedPhoto(input: ExportInput): PhotoHtml {
  return (node) => {
    const photo = pagePhoto(node)
    if (!photo) return ''
    const bytes = photoBytes(input, photo)
    const uri = bytes ? photoDataUri(bytes) : null
    if (uri) return `<figure class="photo"><img src="${uri}"${photoAttributes(photo)}></figure>`
    const url = photoUrl(input, photo)
    const href = safeHref(url)
    const link = href ? ` — <a class="url" href="${escapeHtml(href)}">${escapeHtml(url)}</a>` : ''
    return `<p class="photo-missing" dir="auto">${escapeHtml(photoCaption(photo))}${link}</p>`
  }
}

/** In the app: the photo's address for the app to load (`data-photo-src`), never a broken image. */
const deferredPhoto: PhotoHtml = (node) => {
  const photo = pagePhoto(node)
  return photo ? `<figure class="page-photo"><img data-photo-src="${escapeHtml(photo.path)}"${photoAttributes(photo)}></figure>` : ''
}

/**
 * Only the body's blocks, escaped like the whole document: for showing a page inside the app. Its
 * photos carry their address in `data-photo-src`, for the app to load them (and wait for them).
 */
export function bodyToHtml(body: PmNode): string {
  return blocksHtml(blockChildren(body), deferredPhoto)
}

/** The page as a standalone HTML5 document with its own screen and print styles. */
export function toHtml(input: ExportInput): string {
  const title = escapeHtml(pageTitle(input))
  const body = blocksHtml(blockChildren(input.body), embeddedPhoto(input))
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="generator" content="Carnet">
<title>${title}</title>
<style>
${HTML_STYLE}
</style>
</head>
<body>
<article>
<header>
<h1 dir="auto">${title}</h1>
${factsHtml(input)}
</header>
${body}
${footerHtml(input)}
</article>
</body>
</html>
`
}
