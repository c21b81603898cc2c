// The stylesheet embedded in HTML exports: large readable type on screen (the pages are read by
// people far from screens), and a clean printed report — the way organisers make a PDF.
export const HTML_STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #1b1b1b; font: 1.125rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
article { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.6em 0 .5em; }
h1 { font-size: 2.1rem; }
header h1 { margin-top: 0; }
h2 { font-size: 1.6rem; }
h3 { font-size: 1.3rem; }
h4, h5, h6 { font-size: 1.1rem; }
p { margin: 0 0 1em; }
a { color: #0b57a4; text-decoration-thickness: .08em; text-underline-offset: .15em; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0 0 2rem; padding: .75rem 1rem; background: #f4f4f2; border-radius: .4rem; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; }
ul, ol { padding-left: 1.6em; }
li > p { margin: 0; }
li + li { margin-top: .2em; }
ul.task-list { list-style: none; padding-left: .4em; }
.task-box { display: inline-block; width: 1.3em; }
blockquote { margin: 1em 0; padding: .2em 1em; border-left: .3rem solid #8a8a8a; color: #333; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .92em; }
code { background: #f1f1ef; padding: .1em .25em; border-radius: .2em; }
pre { background: #f4f4f2; padding: .8em 1em; overflow-x: auto; border-radius: .4rem; line-height: 1.45; }
pre code { background: none; padding: 0; }
hr { border: 0; border-top: 1px solid #bbb; margin: 2em 0; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { border: 1px solid #9a9a9a; padding: .35em .6em; text-align: start; vertical-align: top; }
th { background: #ecece9; }
figure.photo { margin: 1.2em 0; }
figure.photo img { display: block; max-width: 100%; height: auto; border-radius: .3rem; }
.photo-missing { padding: .6em 1em; border: 1px dashed #9a9a9a; border-radius: .4rem; color: #444; }
footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid #ccc; color: #555; font-size: .9rem; }
footer p { margin: 0; }
@media print {
  @page { margin: 2cm 1.8cm; }
  body { font-size: 11pt; line-height: 1.45; color: #000; }
  article { max-width: none; margin: 0; padding: 0; }
  a { color: inherit; }
  a[href^="http"]::after, a[href^="mailto:"]::after { content: " (" attr(href) ")"; font-size: .85em; overflow-wrap: anywhere; }
  a.url::after { content: none; }
  .facts { background: none; padding: 0; }
  h1, h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; }
  li, tr, pre, blockquote, .facts, footer { break-inside: avoid; page-break-inside: avoid; }
  figure { break-inside: avoid; page-break-inside: avoid; }
  figure.photo img { max-height: 22cm; width: auto; }
  table { break-inside: auto; }
  thead { display: table-header-group; }
  pre { white-space: pre-wrap; overflow: visible; background: none; border: 1px solid #bbb; }
  code { background: none; }
  p { orphans: 3; widows: 3; }
}
`.trim()
