// A real, throwaway MediaWiki for the "Publier sur le wiki" tests: Debian's `mediawiki` package
// (1.39), installed by `php maintenance/install.php` on SQLite in a temporary directory, in French
// (categories are `Catégorie:`), with a test account, served by PHP's built-in server on loopback.
// Nothing of it outlives the test: its database, its settings and its server go with `stop()`.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { freePort } from './redis-server.js'
import { until } from './until.js'

const run = promisify(execFile)
export const MEDIAWIKI_DIR = '/usr/share/mediawiki'

export interface MediaWiki {
  /** `http://127.0.0.1:<port>/index.php`, what `CARNET_WIKI_URL` is set to. */
  indexUrl: string
  apiUrl: string
  /** A test account that may edit: the organiser's own wiki account. */
  user: { name: string; password: string }
  stop(): Promise<void>
}

/** Why a MediaWiki cannot run here, or null when it can. */
export function mediaWikiMissing(): string | null {
  if (!existsSync(join(MEDIAWIKI_DIR, 'maintenance/install.php'))) return `no MediaWiki in ${MEDIAWIKI_DIR} (apt-get install mediawiki php-sqlite3)`
  if (!existsSync('/usr/bin/php')) return 'no php (apt-get install mediawiki php-sqlite3)'
  return null
}

// Sends every request to the entry point MediaWiki would serve it from, with this wiki's settings
// (the package's own LocalSettings.php is left alone).
const ROUTER = `<?php
define('MW_CONFIG_FILE', __DIR__ . '/LocalSettings.php');
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if (preg_match('#^/(index|api|load|rest)\\.php#', $path, $m)) { $script = $m[1]; }
elseif ($path !== '/' && is_file('${MEDIAWIKI_DIR}' . $path)) { return false; }
else { $script = 'index'; }
chdir('${MEDIAWIKI_DIR}');
require '${MEDIAWIKI_DIR}/' . $script . '.php';
`

export async function startMediaWiki(): Promise<MediaWiki> {
  const missing = mediaWikiMissing()
  if (missing) throw new Error(missing)
  const dir = mkdtempSync(join(tmpdir(), 'carnet-wiki-'))
  const port = await freePort()
  const origin = `http://127.0.0.1:${port}`
  const admin = { name: 'Admin', password: 'Carnet-essai-admin-2026' }
  const user = { name: 'Organisatrice', password: 'Carnet-essai-organisatrice-2026' }
  const php = (args: string[]) => run('php', args, { cwd: MEDIAWIKI_DIR, timeout: 120_000 })
  await php([
    'maintenance/install.php',
    '--dbtype=sqlite',
    `--dbpath=${dir}`,
    '--dbname=wiki',
    `--server=${origin}`,
    '--scriptpath=',
    '--lang=fr',
    `--pass=${admin.password}`,
    `--confpath=${dir}`,
    'Wiki d’essai',
    admin.name,
  ])
  await php(['maintenance/createAndPromote.php', `--conf=${join(dir, 'LocalSettings.php')}`, user.name, user.password])
  writeFileSync(join(dir, 'router.php'), ROUTER)
  const server: ChildProcess = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', MEDIAWIKI_DIR, join(dir, 'router.php')], { cwd: MEDIAWIKI_DIR, stdio: 'ignore' })
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()))
  const apiUrl = `${origin}/api.php`
  await until(async () => ((await fetch(`${apiUrl}?action=query&meta=siteinfo&format=json`)).ok ? true : undefined), { what: 'MediaWiki answers on loopback', timeoutMs: 30_000 })
  return {
    indexUrl: `${origin}/index.php`,
    apiUrl,
    user,
    async stop() {
      server.kill('SIGTERM')
      await exited
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface WikiPage {
  title: string
  text: string
  comment: string
  user: string
  categories: string[]
}

/** A page of the wiki as its API describes it, or null when it does not exist. */
export async function readWikiPage(wiki: MediaWiki, title: string): Promise<WikiPage | null> {
  const query = new URLSearchParams({ action: 'query', titles: title, prop: 'categories|revisions', rvprop: 'content|comment|user', rvslots: 'main', format: 'json', formatversion: '2' })
  const answer = (await (await fetch(`${wiki.apiUrl}?${query}`)).json()) as {
    query: { pages: Array<{ title: string; missing?: boolean; categories?: Array<{ title: string }>; revisions?: Array<{ user: string; comment: string; slots: { main: { content: string } } }> }> }
  }
  const page = answer.query.pages[0]
  if (!page || page.missing) return null
  const revision = page.revisions?.[0]
  return {
    title: page.title,
    text: revision?.slots.main.content ?? '',
    comment: revision?.comment ?? '',
    user: revision?.user ?? '',
    categories: (page.categories ?? []).map((category) => category.title),
  }
}
