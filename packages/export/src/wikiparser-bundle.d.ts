// wikiparser-node's browser bundle is a plain script (it sets `Parser` on the global object) and
// ships no types of its own; see wikitext-parser.ts.
declare module 'wikiparser-node/bundle/bundle.min.js' {
  const bundle: Record<string, unknown>
  export = bundle
}
