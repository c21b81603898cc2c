// The SQLite schema and its migrations, versioned with `PRAGMA user_version`. A file written by a
// newer Carnet is refused rather than silently misread. A migration is SQL, or a function when
// existing rows must be read to fill new columns.
import type Database from 'better-sqlite3'
import { filingDay, tagKey } from './search-keys.js'

type Migration = string | ((db: Database.Database) => void)

const MIGRATIONS: readonly Migration[] = [
  // 1: pages, their update log, and one compacted snapshot per page.
  `CREATE TABLE pages (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL DEFAULT '',
     meta TEXT NOT NULL DEFAULT '{}',
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE INDEX pages_by_update ON pages (updated_at DESC);
   -- AUTOINCREMENT: a seq is never reused, even after compaction deleted the largest ones,
   -- so "seq > snapshot seq" always means "not in the snapshot".
   CREATE TABLE updates (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     page_id TEXT NOT NULL,
     data BLOB NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX updates_by_page ON updates (page_id, seq);
   CREATE TABLE snapshots (
     page_id TEXT PRIMARY KEY,
     seq INTEGER NOT NULL,
     data BLOB NOT NULL
   );`,
  // 2: who may write a page. Kept apart from `pages`: a page is claimed before it is written.
  `CREATE TABLE page_access (
     page_id TEXT PRIMARY KEY,
     key_hash TEXT,
     open_to_all INTEGER NOT NULL DEFAULT 0,
     closed INTEGER NOT NULL DEFAULT 0
   );`,
  // 3: search (filing day, tags, full text) and history (versions, never deleted).
  (db) => {
    db.exec(`
      -- Distinct writer names, as last indexed.
      ALTER TABLE pages ADD COLUMN writers INTEGER NOT NULL DEFAULT 0;
      -- Meeting date, else the browser's creation day; '' falls back to created_at in queries.
      ALTER TABLE pages ADD COLUMN day TEXT NOT NULL DEFAULT '';
      CREATE TABLE page_tags (
        page_id TEXT NOT NULL,
        key TEXT NOT NULL,
        PRIMARY KEY (page_id, key)
      );
      CREATE INDEX page_tags_by_key ON page_tags (key);
      -- The searchable text of each page. An integer key of its own: FTS5 rows are found by rowid,
      -- and an implicit rowid may change on VACUUM.
      CREATE TABLE page_text (
        id INTEGER PRIMARY KEY,
        page_id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        place TEXT NOT NULL,
        tags TEXT NOT NULL
      );
      CREATE VIRTUAL TABLE page_search USING fts5(
        title, body, place, tags,
        content = 'page_text', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER page_text_inserted AFTER INSERT ON page_text BEGIN
        INSERT INTO page_search (rowid, title, body, place, tags) VALUES (new.id, new.title, new.body, new.place, new.tags);
      END;
      CREATE TRIGGER page_text_deleted AFTER DELETE ON page_text BEGIN
        INSERT INTO page_search (page_search, rowid, title, body, place, tags) VALUES ('delete', old.id, old.title, old.body, old.place, old.tags);
      END;
      CREATE TRIGGER page_text_updated AFTER UPDATE ON page_text BEGIN
        INSERT INTO page_search (page_search, rowid, title, body, place, tags) VALUES ('delete', old.id, old.title, old.body, old.place, old.tags);
        INSERT INTO page_search (rowid, title, body, place, tags) VALUES (new.id, new.title, new.body, new.place, new.tags);
      END;
      CREATE TABLE page_versions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        page_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        -- JSON array of the names of those who wrote since the previous version.
        writers TEXT NOT NULL DEFAULT '[]',
        bytes INTEGER NOT NULL,
        data BLOB NOT NULL
      );
      CREATE INDEX page_versions_by_page ON page_versions (page_id, id);
    `)
    // Pages already archived are filed and findable by title, place and tags at once; their body
    // text joins the index the next time someone opens them.
    const setDay = db.prepare<[string, string]>('UPDATE pages SET day = ? WHERE id = ?')
    const addTag = db.prepare<[string, string]>('INSERT OR IGNORE INTO page_tags (page_id, key) VALUES (?, ?)')
    const addText = db.prepare<[string, string, string, string]>(
      `INSERT INTO page_text (page_id, title, body, place, tags) VALUES (?, ?, '', ?, ?)`,
    )
    for (const row of db.prepare<[], { id: string; meta: string }>('SELECT id, meta FROM pages').all()) {
      const meta = parseMeta(row.meta)
      const tags = Array.isArray(meta.tags) ? meta.tags.filter((tag): tag is string => typeof tag === 'string') : []
      setDay.run(filingDay(meta), row.id)
      for (const tag of tags) addTag.run(row.id, tagKey(tag))
      addText.run(row.id, stringOr(meta.title), stringOr(meta.place), tags.join(', '))
    }
  },
  // 4: a room relay's link to the city: pages whose changes the city may lack, since when, and an
  // access change made here that the city has not heard of yet (see federation/).
  `CREATE TABLE link_pending (
     page_id TEXT PRIMARY KEY,
     since INTEGER NOT NULL,
     access_change TEXT
   );`,
  // 5: join codes, kept for a meeting's time. `edit_key` is the page's key itself (a code stands
  // for the edit link), null for a code that reads.
  `CREATE TABLE join_codes (
     code TEXT PRIMARY KEY,
     page_id TEXT NOT NULL,
     edit_key TEXT,
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX join_codes_by_page ON join_codes (page_id);`,
  // 6: photos, content-addressed (one row per distinct image, whatever the pages using it), and
  // which page each was added to.
  `CREATE TABLE files (
     sha256 TEXT PRIMARY KEY,
     type TEXT NOT NULL,
     bytes INTEGER NOT NULL,
     data BLOB NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE page_files (
     page_id TEXT NOT NULL,
     sha256 TEXT NOT NULL,
     added_at INTEGER NOT NULL,
     PRIMARY KEY (page_id, sha256)
   );
   CREATE INDEX page_files_by_file ON page_files (sha256);`,
  // 7: a project's lists (see sqlite-project-lists.ts): each page's decisions and actions, read
  // from its body when it is indexed, and its links to the previous and next meetings — one row
  // per indexed page, links or not, so that pages archived before (which have none) are found and
  // indexed in the background.
  `CREATE TABLE page_items (
     page_id TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('decision', 'action')),
     -- A decision's place among the page's decisions; an action's among all its task items.
     position INTEGER NOT NULL,
     text TEXT NOT NULL,
     who TEXT NOT NULL DEFAULT '',
     what TEXT NOT NULL DEFAULT '',
     when_text TEXT NOT NULL DEFAULT '',
     due TEXT NOT NULL DEFAULT '',
     done INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (page_id, kind, position)
   );
   CREATE INDEX page_items_by_kind ON page_items (kind, page_id);
   CREATE TABLE page_links (
     page_id TEXT PRIMARY KEY,
     previous TEXT,
     next TEXT
   );
   CREATE INDEX page_links_by_next ON page_links (next);`,
  // 8: photos larger than 64 KiB kept as pieces, written and read one per turn of the event loop
  // (see sqlite-file-chunks.ts); `chunks` says how many (0: the bytes are in `files.data`).
  `ALTER TABLE files ADD COLUMN chunks INTEGER NOT NULL DEFAULT 0;
   CREATE TABLE file_chunks (
     sha256 TEXT NOT NULL,
     n INTEGER NOT NULL,
     data BLOB NOT NULL,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (sha256, n)
   );
   CREATE INDEX file_chunks_by_age ON file_chunks (created_at);`,
  // 9: photos larger than 64 KiB kept in files beside the archive (see photo-directory.ts); a
  // row with `in_directory = 1` has its bytes there, not in `data` nor in `file_chunks`.
  `ALTER TABLE files ADD COLUMN in_directory INTEGER NOT NULL DEFAULT 0;`,
]

function parseMeta(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json)
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

function stringOr(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

export const SCHEMA_VERSION = MIGRATIONS.length

export class SchemaTooNewError extends Error {
  constructor(found: number) {
    super(`The archive's schema is version ${found}, newer than this Carnet's (${SCHEMA_VERSION}): upgrade Carnet`)
    this.name = 'SchemaTooNewError'
  }
}

/** Brings the file up to `target` (this Carnet's version; tests stop earlier to check an upgrade). */
export function migrate(db: Database.Database, target = SCHEMA_VERSION): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > SCHEMA_VERSION) throw new SchemaTooNewError(current)
  for (let version = current; version < target; version++) {
    const migration = MIGRATIONS[version]!
    db.transaction(() => {
      if (typeof migration === 'string') db.exec(migration)
      else migration(db)
      db.pragma(`user_version = ${version + 1}`)
    })()
  }
}
