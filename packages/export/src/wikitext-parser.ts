/// <reference path="./wikiparser-bundle.d.ts" />
// wikiparser-node, loaded the same way in the browser and in the relay: its browser bundle (one
// script, no file system, ~30 KB gzipped), which registers `Parser` on the global object, with
// the parser's own default site configuration (extension tags such as <nowiki>, <pre>, <ref>;
// magic words) and the French namespace names a city wiki uses. The Node build would read its
// configuration from files at run time, which neither the PWA nor the bundled server can do.
// The bundle is imported as a namespace and read below, not for its side effect alone: the package
// declares `"sideEffects": false`, and bundlers (esbuild, Rollup) drop a bare import of it.
import * as wikiparserBundle from 'wikiparser-node/bundle/bundle.min.js'
import defaultConfig from 'wikiparser-node/config/default.json'

/** The part of wikiparser-node's token tree the importer reads. */
export interface WikiToken {
  type: string
  /** Tag name (html, ext), normalised title (link, category, template), attribute name… */
  name?: string
  /** A heading's level. */
  level?: number
  /** `td`, `th` or `caption` for a table cell. */
  subtype?: string
  closing?: boolean
  selfClosing?: boolean
  /** A text node's text. */
  data?: string
  childNodes: WikiToken[]
  /** The token's wikitext source. */
  toString(): string
}

interface BundledParser {
  config: unknown
  parse(wikitext: string, include?: boolean): WikiToken
}

type SiteConfig = Omit<typeof defaultConfig, 'nsid'> & { nsid: Record<string, number> }

function bundledParser(): BundledParser {
  // Reading the bundle's module keeps it in the build (see above); running it set `Parser`.
  const parser = Object.keys(wikiparserBundle).length >= 0 ? (globalThis as { Parser?: BundledParser }).Parser : undefined
  if (!parser) throw new Error('wikiparser-node did not load')
  return parser
}

/** A MediaWiki whose content language is French, with `categoryNamespace` (the wiki's own name for categories) as ns 14. */
export function frenchWikiConfig(categoryNamespace: string): SiteConfig {
  return {
    ...defaultConfig,
    nsid: {
      ...defaultConfig.nsid,
      catégorie: 14,
      fichier: 6,
      image: 6,
      modèle: 10,
      [categoryNamespace.toLocaleLowerCase('fr')]: 14,
    },
  }
}

let configuredFor: string | null = null

export function parseWikitext(wikitext: string, categoryNamespace: string): WikiToken {
  const parser = bundledParser()
  // The parser completes a configuration it is given as `Parser.config` (a parse's own
  // configuration argument must already be complete): set it again only when it changes.
  if (configuredFor !== categoryNamespace) {
    parser.config = frenchWikiConfig(categoryNamespace)
    configuredFor = categoryNamespace
  }
  return parser.parse(wikitext, false)
}
